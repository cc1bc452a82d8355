package org.refvlm.trainer.eval.tasks;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain text of a TRP answer, as the reference's caption and GCG metrics read it: the
 * {@code <Task>} block, every unit group {@code (<Unit>..</Unit>[0]<REF>..)}, the phrase tags and
 * {@code </s>} removed, white space collapsed.
 */
public final class AnswerText {

    private static final Pattern TASK_BLOCK = Pattern.compile("<Task>.*?</Task>", Pattern.DOTALL);
    private static final Pattern UNIT_GROUP = Pattern.compile("\\(\\s*<Unit>.*?</Unit>\\s*(?:\\[\\d+\\]\\s*<REF>\\s*)*\\)",
            Pattern.DOTALL);
    private static final Pattern TAGS = Pattern.compile("</?Phrase>|</s>|<REF>|</?Unit>");
    private static final Pattern ANSWER_IS = Pattern.compile("the answer is\\s*([^.]*)", Pattern.CASE_INSENSITIVE);

    private AnswerText() {
    }

    public static String plain(String trp) {
        String t = TASK_BLOCK.matcher(trp).replaceAll(" ");
        t = UNIT_GROUP.matcher(t).replaceAll("");
        t = TAGS.matcher(t).replaceAll("");
        return t.replaceAll("\\s+", " ").replaceAll("\\s+([.,;:?!])", "$1").strip();
    }

    /**
     * A VQA answer as the reference reads it: what follows "the answer is" up to the first period;
     * the whole plain text when the phrase is missing.
     */
    public static String vqaAnswer(String trp) {
        String plain = plain(trp);
        Matcher m = ANSWER_IS.matcher(plain);
        return m.find() ? m.group(1).strip() : plain;
    }

    /** The words of a text, lower-case, letters and digits only. */
    static String[] words(String text) {
        String t = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
        return t.isEmpty() ? new String[0] : t.split(" ");
    }
}
