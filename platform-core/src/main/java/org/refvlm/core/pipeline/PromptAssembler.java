package org.refvlm.core.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.refvlm.api.model.ContextLengthException;
import org.refvlm.api.model.LanguageModel;

/**
 * Builds the language model's input embeddings for a prompt: text pieces are tokenised and
 * embedded; the {@code <image>} placeholder is replaced by the projected image tokens and each
 * {@code <region>} placeholder, in order, by the projected tokens of the next visual prompt.
 */
public final class PromptAssembler {

    public static final String IMAGE = "<image>";
    public static final String REGION = "<region>";
    private static final Pattern PLACEHOLDER = Pattern.compile(Pattern.quote(IMAGE) + "|" + Pattern.quote(REGION));

    private final LanguageModel model;

    public PromptAssembler(LanguageModel model) {
        this.model = model;
    }

    /**
     * @param prompt      text with exactly one {@code <image>} and one {@code <region>} per visual prompt
     * @param imageTokens [N, D] projected image tokens
     * @param regions     per visual prompt, [Np, D] projected prompt tokens
     * @return [T, D] input embeddings
     * @throws IllegalArgumentException naming the mismatch when placeholders and inputs disagree
     */
    public NDArray assemble(String prompt, NDArray imageTokens, List<NDArray> regions, NDManager manager) {
        return assemble(prompt, false, imageTokens, regions, manager);
    }

    /**
     * As {@link #assemble(String, NDArray, List, NDManager)}, with the tokenizer's BOS token first
     * when {@code bos} is set (a model trained that way; the reference encodes every turn so).
     *
     * @throws IllegalArgumentException when {@code bos} is set and the tokenizer has no BOS token
     */
    public NDArray assemble(String prompt, boolean bos, NDArray imageTokens, List<NDArray> regions, NDManager manager) {
        // Tokenise and count first: a prompt the context cannot hold is refused before any
        // embedding (and long before any attention) is computed.
        List<Object> pieces = new ArrayList<>();
        if (bos) {
            pieces.add(new int[] {model.bosId().orElseThrow(() -> new IllegalArgumentException(
                    "the model's settings ask for a BOS token first, but its tokenizer has none (<s>)"))});
        }
        Matcher m = PLACEHOLDER.matcher(prompt);
        int at = 0, images = 0, regionIndex = 0;
        long positions = pieces.size();
        while (m.find()) {
            positions += addText(pieces, prompt.substring(at, m.start()));
            if (m.group().equals(IMAGE)) {
                images++;
                pieces.add(imageTokens);
                positions += imageTokens.getShape().get(0);
            } else {
                if (regionIndex >= regions.size()) {
                    throw new IllegalArgumentException("the prompt has more " + REGION + " placeholders than the "
                            + regions.size() + " visual prompt(s) given");
                }
                NDArray region = regions.get(regionIndex++);
                pieces.add(region);
                positions += region.getShape().get(0);
            }
            at = m.end();
        }
        positions += addText(pieces, prompt.substring(at));
        if (images != 1) {
            throw new IllegalArgumentException("the prompt must contain " + IMAGE + " exactly once, found " + images);
        }
        if (regionIndex != regions.size()) {
            throw new IllegalArgumentException(regions.size() + " visual prompt(s) given but the prompt has "
                    + regionIndex + " " + REGION + " placeholder(s)");
        }
        ContextLengthException.check(positions, model.contextLength());
        List<NDArray> parts = new ArrayList<>();
        for (Object piece : pieces) {
            parts.add(piece instanceof int[] ids ? model.embed(manager.create(ids)) : (NDArray) piece);
        }
        DataType type = parts.get(0).getDataType();
        NDList aligned = new NDList();
        for (NDArray p : parts) {
            aligned.add(p.toType(type, false));
        }
        return NDArrays.concat(aligned, 0);
    }

    /** Adds the token ids of {@code text}, if any; returns how many. */
    private int addText(List<Object> pieces, String text) {
        if (text.isEmpty()) {
            return 0;
        }
        int[] ids = model.encode(text);
        if (ids.length > 0) {
            pieces.add(ids);
        }
        return ids.length;
    }
}
