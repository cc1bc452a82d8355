package org.refvlm.trp;

import java.util.List;

/**
 * Thrown by strict parsing when the text has problems. It lists all of them, not just the first,
 * and keeps the result lenient parsing would have returned.
 */
public final class TrpSyntaxException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int PROBLEMS_IN_MESSAGE = 20;

    private final transient ParseResult result;

    public TrpSyntaxException(ParseResult result) {
        super(describe(result.diagnostics()));
        this.result = result;
    }

    public List<Diagnostic> diagnostics() {
        return result.diagnostics();
    }

    /** The tree of the well-formed part, as lenient mode returns it. */
    public ParseResult result() {
        return result;
    }

    private static String describe(List<Diagnostic> diagnostics) {
        StringBuilder out = new StringBuilder();
        out.append(diagnostics.size()).append(diagnostics.size() == 1 ? " problem" : " problems").append(" in TRP text");
        int shown = Math.min(diagnostics.size(), PROBLEMS_IN_MESSAGE);
        for (int i = 0; i < shown; i++) {
            out.append("\n  ").append(diagnostics.get(i));
        }
        if (shown < diagnostics.size()) {
            out.append("\n  ... and ").append(diagnostics.size() - shown).append(" more");
        }
        return out.toString();
    }
}
