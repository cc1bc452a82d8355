package org.refvlm.trp;

import org.refvlm.trp.internal.ParserEngine;

/**
 * Parses TRP text while the model generates it, one decoded token at a time, and tells a
 * {@link TrpListener} what each token completes. When a token completes {@code <REF>}, the
 * listener gets the reference with its phrase, unit(s), index and the token's position: the
 * moment to capture that token's hidden state.
 *
 * <p>Tokens may cut the text anywhere, even inside a tag; the tree returned by {@link #finish()}
 * is the one {@link TrpParser#parse} gives for the concatenated text. Not thread-safe: one
 * instance follows one generation. Exceptions thrown by the listener propagate out of
 * {@link #feed} and {@link #finish}, after which the parser's state is unspecified.
 *
 * <pre>{@code
 * TrpStreamParser stream = TrpParser.lenient().stream(new TrpListener() {
 *     public void reference(ResolvedReference ref) { capture(ref.tokenPosition(), ref.units()); }
 * });
 * for (int t = 0; t < tokens.size(); t++) stream.feed(tokens.get(t), t);
 * ParseResult result = stream.finish();
 * }</pre>
 */
public final class TrpStreamParser {

    private final ParseMode mode;
    private final ParserEngine engine;
    private int nextPosition;

    TrpStreamParser(ParseMode mode, TrpValidator validator, TrpListener listener) {
        this.mode = mode;
        this.engine = new ParserEngine(listener, validator);
    }

    /**
     * Reads one decoded token.
     *
     * @param token the token's text
     * @param tokenPosition the token's position in the generated sequence
     * @throws IllegalStateException after {@link #finish()}
     */
    public void feed(CharSequence token, int tokenPosition) {
        engine.feed(token, tokenPosition);
        nextPosition = tokenPosition + 1;
    }

    /** Reads the token after the last one fed (position 0 for the first). */
    public void feed(CharSequence token) {
        feed(token, nextPosition);
    }

    /**
     * Ends the stream. Whatever is still open is reported (an answer cut off in the middle of a
     * group is {@link DiagnosticCode#TRUNCATED}), the tree is validated and returned.
     *
     * @throws TrpSyntaxException in strict mode, when the text has any problem
     * @throws IllegalStateException when called twice
     */
    public ParseResult finish() {
        ParseResult result = engine.finish();
        if (mode == ParseMode.STRICT && !result.isWellFormed()) {
            throw new TrpSyntaxException(result);
        }
        return result;
    }
}
