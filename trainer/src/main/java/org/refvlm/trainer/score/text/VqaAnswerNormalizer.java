package org.refvlm.trainer.score.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer normalisation of the VQA challenge's evaluation script: punctuation removed (or turned
 * into a space when it sits inside a word), periods dropped unless a digit follows, number words
 * zero to ten as digits, articles dropped, common contractions written without their apostrophe
 * restored. The script's own quirks are kept, since scores must agree with it: it removes at most 32
 * periods, and a punctuation mark next to a space (or any digit group separator) is deleted
 * everywhere in the answer.
 */
public final class VqaAnswerNormalizer {

    private static final List<String> PUNCTUATION = List.of(";", "/", "[", "]", "\"", "{", "}", "(", ")", "=", "+",
            "\\", "_", "-", ">", "<", "@", "`", ",", "?", "!");
    /** The script's period pattern: its look-behind is mistyped as a look-ahead, so it only checks what follows. */
    private static final Pattern PERIOD = Pattern.compile("(?!<=\\d)(\\.)(?!\\d)");
    private static final Pattern DIGIT_COMMA = Pattern.compile("(\\d)(,)(\\d)");
    private static final int MAX_PERIODS = 32;
    private static final Set<String> ARTICLES = Set.of("a", "an", "the");
    private static final Map<String, String> NUMBERS = Map.ofEntries(Map.entry("none", "0"), Map.entry("zero", "0"),
            Map.entry("one", "1"), Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"),
            Map.entry("five", "5"), Map.entry("six", "6"), Map.entry("seven", "7"), Map.entry("eight", "8"),
            Map.entry("nine", "9"), Map.entry("ten", "10"));
    private static final Map<String, String> CONTRACTIONS = contractions();

    /** Punctuation and periods only: what the script applies to human answers that disagree. */
    public String punctuation(String in) {
        String out = in;
        boolean digitComma = DIGIT_COMMA.matcher(in).find();
        for (String p : PUNCTUATION) {
            if (in.contains(p + " ") || in.contains(" " + p) || digitComma) {
                out = out.replace(p, "");
            } else {
                out = out.replace(p, " ");
            }
        }
        Matcher m = PERIOD.matcher(out);
        StringBuilder sb = new StringBuilder();
        int removed = 0;
        while (removed < MAX_PERIODS && m.find()) {
            m.appendReplacement(sb, "");
            removed++;
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Lower case, number words as digits, no articles, contractions restored. */
    public String digitsAndArticles(String in) {
        List<String> words = new ArrayList<>();
        String t = in.toLowerCase(Locale.ROOT).strip();
        if (!t.isEmpty()) {
            for (String w : t.split("\\s+")) {
                w = NUMBERS.getOrDefault(w, w);
                if (!ARTICLES.contains(w)) {
                    words.add(CONTRACTIONS.getOrDefault(w, w));
                }
            }
        }
        return String.join(" ", words);
    }

    /** What the script does to a predicted answer. */
    public String answer(String raw) {
        String a = raw.replace('\n', ' ').replace('\t', ' ').strip();
        return digitsAndArticles(punctuation(a));
    }

    /** Contractions as the script spells them out: each entry is "without apostrophes" then "with". */
    private static Map<String, String> contractions() {
        String[] pairs = {
            "aint ain't", "arent aren't", "cant can't", "couldve could've", "couldnt couldn't",
            "couldn'tve couldn't've", "couldnt've couldn't've", "didnt didn't", "doesnt doesn't", "dont don't",
            "hadnt hadn't", "hadnt've hadn't've", "hadn'tve hadn't've", "hasnt hasn't", "havent haven't", "hed he'd",
            "hed've he'd've", "he'dve he'd've", "hes he's", "howd how'd", "howll how'll", "hows how's",
            "Id've I'd've", "I'dve I'd've", "Im I'm", "Ive I've", "isnt isn't", "itd it'd", "itd've it'd've",
            "it'dve it'd've", "itll it'll", "let's let's", "maam ma'am", "mightnt mightn't", "mightnt've mightn't've",
            "mightn'tve mightn't've", "mightve might've", "mustnt mustn't", "mustve must've", "neednt needn't",
            "notve not've", "oclock o'clock", "oughtnt oughtn't", "ow's'at 'ow's'at", "'ows'at 'ow's'at",
            "'ow'sat 'ow's'at", "shant shan't", "shed've she'd've", "she'dve she'd've", "she's she's",
            "shouldve should've", "shouldnt shouldn't", "shouldnt've shouldn't've", "shouldn'tve shouldn't've",
            "somebody'd somebodyd", "somebodyd've somebody'd've", "somebody'dve somebody'd've",
            "somebodyll somebody'll", "somebodys somebody's", "someoned someone'd", "someoned've someone'd've",
            "someone'dve someone'd've", "someonell someone'll", "someones someone's", "somethingd something'd",
            "somethingd've something'd've", "something'dve something'd've", "somethingll something'll",
            "thats that's", "thered there'd", "thered've there'd've", "there'dve there'd've", "therere there're",
            "theres there's", "theyd they'd", "theyd've they'd've", "they'dve they'd've", "theyll they'll",
            "theyre they're", "theyve they've", "twas 'twas", "wasnt wasn't", "wed've we'd've", "we'dve we'd've",
            "weve we've", "werent weren't", "whatll what'll", "whatre what're", "whats what's", "whatve what've",
            "whens when's", "whered where'd", "wheres where's", "whereve where've", "whod who'd", "whod've who'd've",
            "who'dve who'd've", "wholl who'll", "whos who's", "whove who've", "whyll why'll", "whyre why're",
            "whys why's", "wont won't", "wouldve would've", "wouldnt wouldn't", "wouldnt've wouldn't've",
            "wouldn'tve wouldn't've", "yall y'all", "yall'll y'all'll", "y'allll y'all'll", "yall'd've y'all'd've",
            "y'alld've y'all'd've", "y'all'dve y'all'd've", "youd you'd", "youd've you'd've", "you'dve you'd've",
            "youll you'll", "youre you're", "youve you've"};
        Map<String, String> m = new HashMap<>();
        for (String p : pairs) {
            int space = p.indexOf(' ');
            m.put(p.substring(0, space), p.substring(space + 1));
        }
        return m;
    }
}
