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
        List<NDArray> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(prompt);
        int at = 0, images = 0, regionIndex = 0;
        while (m.find()) {
            addText(parts, prompt.substring(at, m.start()), manager);
            if (m.group().equals(IMAGE)) {
                images++;
                parts.add(imageTokens);
            } else {
                if (regionIndex >= regions.size()) {
                    throw new IllegalArgumentException("the prompt has more " + REGION + " placeholders than the "
                            + regions.size() + " visual prompt(s) given");
                }
                parts.add(regions.get(regionIndex++));
            }
            at = m.end();
        }
        addText(parts, prompt.substring(at), manager);
        if (images != 1) {
            throw new IllegalArgumentException("the prompt must contain " + IMAGE + " exactly once, found " + images);
        }
        if (regionIndex != regions.size()) {
            throw new IllegalArgumentException(regions.size() + " visual prompt(s) given but the prompt has "
                    + regionIndex + " " + REGION + " placeholder(s)");
        }
        DataType type = parts.get(0).getDataType();
        NDList aligned = new NDList();
        for (NDArray p : parts) {
            aligned.add(p.toType(type, false));
        }
        return NDArrays.concat(aligned, 0);
    }

    private void addText(List<NDArray> parts, String text, NDManager manager) {
        if (text.isEmpty()) {
            return;
        }
        int[] ids = model.encode(text);
        if (ids.length > 0) {
            parts.add(model.embed(manager.create(ids)));
        }
    }
}
