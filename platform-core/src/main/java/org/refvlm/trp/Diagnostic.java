package org.refvlm.trp;

import java.util.Objects;

/**
 * One problem found in TRP text.
 *
 * @param code what kind of problem it is
 * @param message a sentence naming the problem and the positions involved
 * @param span the text the problem is about ({@link Span#NONE} for trees built in code)
 * @param line 1-based line of {@code span.start()}, 0 when unknown
 * @param column 1-based column of {@code span.start()}, 0 when unknown
 */
public record Diagnostic(DiagnosticCode code, String message, Span span, int line, int column) {

    public Diagnostic {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(span, "span");
    }

    /** A diagnostic positioned at the start of {@code span}, as {@code lines} resolves it. */
    public static Diagnostic at(DiagnosticCode code, String message, Span span, LineIndex lines) {
        SourcePosition p = span.isKnown() ? lines.position(span.start()) : SourcePosition.UNKNOWN;
        return new Diagnostic(code, message, span, p.line(), p.column());
    }

    public int offset() {
        return span.start();
    }

    /** {@code line:column: CODE: message}, the form the command prints. */
    @Override
    public String toString() {
        return line + ":" + column + ": " + code + ": " + message;
    }
}
