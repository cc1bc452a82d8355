package org.refvlm.core.internal.router;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.api.model.TokenListener;
import org.refvlm.trp.ParseResult;
import org.refvlm.trp.Phrase;
import org.refvlm.trp.ResolvedReference;
import org.refvlm.trp.TrpListener;
import org.refvlm.trp.TrpParser;
import org.refvlm.trp.TrpStreamParser;

/**
 * Follows generation token by token: feeds each token's text to the streaming TRP parser and,
 * when the parser reports a {@code <REF>}, keeps the hidden state of the token that completed it.
 * Model output is parsed leniently; its problems are in {@link #finish()}.
 */
public final class ReferenceCapture implements TokenListener {

    private final TrpStreamParser parser;
    private final NDManager keep;
    private final List<CapturedReference> captured = new ArrayList<>();
    private NDArray state; // hidden state of the token being fed (the generation step's), or null

    /** @param keep where the captured states live (on the model's device) until the decoders have read them */
    public ReferenceCapture(TrpParser parser, NDManager keep) {
        this.keep = keep;
        this.parser = parser.stream(new TrpListener() {
            @Override
            public void reference(ResolvedReference reference) {
                captured.add(new CapturedReference(reference, state == null ? null : kept(state)));
            }
        });
    }

    /** Lenient parsing without unit checks: unknown units are the router's business. */
    public static ReferenceCapture lenient(NDManager keep) {
        return new ReferenceCapture(TrpParser.lenient(), keep);
    }

    @Override
    public void onToken(int position, int tokenId, String text, NDArray hidden) {
        state = hidden;
        parser.feed(text, position);
        state = null;
    }

    /**
     * A copy of a {@code <REF>} token's state that outlives the generation step, on the device:
     * only these few states are kept, and none goes to the host (float16 models give float16
     * states; decoders take float32).
     */
    private NDArray kept(NDArray hidden) {
        NDArray copy = hidden.toType(DataType.FLOAT32, true);
        copy.attach(keep);
        return copy;
    }

    /** Ends the stream: the parse of the whole answer, with its diagnostics. */
    public ParseResult finish() {
        return parser.finish();
    }

    /** References captured so far, with their embeddings (null where no state was known). */
    public List<CapturedReference> references() {
        return List.copyOf(captured);
    }

    /** The captured references grouped by unit declaration, in order; references without a unit are left out. */
    public List<ReferringGroup> groups() {
        return group(captured);
    }

    static List<ReferringGroup> group(List<CapturedReference> references) {
        Map<Integer, List<CapturedReference>> byUnit = new LinkedHashMap<>();
        for (CapturedReference c : references) {
            if (c.reference().hasUnit()) {
                byUnit.computeIfAbsent(c.reference().unitOrdinal(), k -> new ArrayList<>()).add(c);
            }
        }
        List<ReferringGroup> groups = new ArrayList<>();
        byUnit.forEach((ordinal, refs) -> {
            ResolvedReference first = refs.get(0).reference();
            String phrase = first.phrase().map(Phrase::plainText).orElse("");
            groups.add(new ReferringGroup(ordinal, phrase, first.units(), refs));
        });
        return groups;
    }
}
