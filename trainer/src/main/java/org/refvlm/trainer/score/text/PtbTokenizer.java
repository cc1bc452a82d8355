package org.refvlm.trainer.score.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text preparation of pycocoevalcap's PTB step for plain captions, written from its rules (the
 * reference runs Stanford CoreNLP's PTBTokenizer, which is GPL and not used here): lower-case;
 * split off punctuation and the clitics {@code n't 's 're 've 'll 'd 'm}; drop the punctuation
 * tokens pycocoevalcap drops (quotes, brackets, {@code . ? ! , : ; - -- ...}). Hyphenated words and
 * numbers with a decimal point stay one token, as in the Penn Treebank.
 *
 * <p>Where it may differ from CoreNLP: abbreviations with a final period ("mr.", "u.s.") lose the
 * period here; CoreNLP's special cases (emoticons, URLs, "cannot" split as "can not", fractions)
 * are not reproduced. Plain captions rarely contain them.
 */
public final class PtbTokenizer {

    /** Tokens pycocoevalcap removes after tokenising. */
    private static final Set<String> DROPPED = Set.of("''", "'", "``", "`", "-lrb-", "-rrb-", "-lcb-", "-rcb-", ".", "?",
            "!", ",", ":", "-", "--", "...", ";", "(", ")", "[", "]", "{", "}", "\"");
    /** A word, a number, a clitic, or one punctuation mark. */
    private static final Pattern TOKEN = Pattern.compile(
            "n't\\b|'(?:s|re|ve|ll|d|m)\\b|[\\p{L}\\p{N}]+(?:[-.][\\p{L}\\p{N}]+)*|\\.\\.\\.|--|\\S");

    public String tokenise(String text) {
        String t = text.toLowerCase(Locale.ROOT).replace('\n', ' ').replace('\u2019', '\'');
        List<String> out = new ArrayList<>();
        for (String word : t.split("\\s+")) {
            for (String token : split(word)) {
                if (!DROPPED.contains(token)) {
                    out.add(token);
                }
            }
        }
        return String.join(" ", out);
    }

    private static List<String> split(String word) {
        List<String> tokens = new ArrayList<>();
        // "don't" -> "do" "n't": the clitic splits off the word before it
        int nt = word.indexOf("n't");
        Matcher m = TOKEN.matcher(word);
        int pos = 0;
        while (m.find(pos)) {
            String tok = m.group();
            if (nt > 0 && m.start() < nt && m.end() > nt) {
                tokens.add(word.substring(m.start(), nt));
                pos = nt;
                nt = -1;
                continue;
            }
            tokens.add(tok);
            pos = m.end();
        }
        return tokens;
    }
}
