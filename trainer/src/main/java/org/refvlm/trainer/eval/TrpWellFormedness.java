package org.refvlm.trainer.eval;

import org.refvlm.trp.TrpParser;
import org.refvlm.trp.TrpSyntaxException;

/**
 * How often the model writes well-formed TRP: answers that the strict parser accepts, and, as a
 * separate count, answers that referred to nothing (well-formed plain text passes the parser but
 * answers no REC or RES question).
 */
public final class TrpWellFormedness {

    private int answers;
    private int wellFormed;
    private int withoutObjects;

    /**
     * Counts one answer.
     *
     * @param referredObjects how many referred objects the platform found in it
     * @return null when the answer is well formed, else the parser's first problem
     */
    public String add(String answer, int referredObjects) {
        answers++;
        if (referredObjects == 0) {
            withoutObjects++;
        }
        try {
            TrpParser.strict().parse(answer);
            wellFormed++;
            return null;
        } catch (TrpSyntaxException e) {
            return e.diagnostics().isEmpty() ? e.getMessage() : e.diagnostics().get(0).toString();
        }
    }

    public int answers() {
        return answers;
    }

    public int wellFormed() {
        return wellFormed;
    }

    public int withoutObjects() {
        return withoutObjects;
    }

    /** wellFormed / answers; NaN before the first answer. */
    public double rate() {
        return answers == 0 ? Double.NaN : (double) wellFormed / answers;
    }
}
