package org.refvlm.trainer.score.text;

import java.util.List;

/**
 * POPE's reading of a free-text answer as yes or no: "no" when the first sentence (the text before
 * the first period, commas removed, split on single spaces) contains the word {@code No},
 * {@code no} or {@code not}; otherwise "yes".
 */
public final class PopeAnswer {

    private static final List<String> NEGATIONS = List.of("No", "not", "no");

    private PopeAnswer() {
    }

    public static boolean isYes(String answer) {
        String text = answer;
        int period = text.indexOf('.');
        if (period >= 0) {
            text = text.substring(0, period);
        }
        text = text.replace(",", "");
        for (String word : text.split(" ", -1)) {
            if (NEGATIONS.contains(word)) {
                return false;
            }
        }
        return true;
    }
}
