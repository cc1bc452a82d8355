package org.refvlm.trainer.eval;

import java.util.List;
import org.refvlm.trp.Phrase;
import org.refvlm.trp.TrpParser;

/**
 * How often an answer names the phrases the expected answer names, in order. In REC and RES the
 * phrase is copied from the question, so a miss is the language model's error, not a decoder's:
 * a wrong word ("the small star" for "the large star") gives the decoder a REF state about another
 * object. Samples without an expected answer are not counted.
 */
public final class PhraseCopy {

    private int compared;
    private int matching;

    /** Counts one answer against the expected one (ignored when {@code expected} is null or blank). */
    public void add(String answer, String expected) {
        if (expected == null || expected.isBlank()) {
            return;
        }
        compared++;
        if (phrases(answer).equals(phrases(expected))) {
            matching++;
        }
    }

    /** The plain text of every phrase, in order; a lenient parse, so broken answers still yield theirs. */
    static List<String> phrases(String trp) {
        return TrpParser.lenient().parse(trp).document().phrases().stream().map(Phrase::plainText)
                .map(String::strip).toList();
    }

    public int compared() {
        return compared;
    }

    /** matching / compared; NaN before the first comparison. */
    public double rate() {
        return compared == 0 ? Double.NaN : (double) matching / compared;
    }
}
