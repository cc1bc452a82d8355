package org.refvlm.decoder.sam.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.refvlm.nn.Parameters;
import org.refvlm.tensor.safetensors.ShardedCheckpoint;
import org.refvlm.tensor.safetensors.TensorSource;
import org.refvlm.tensor.safetensors.WeightLoader;

/**
 * Segment Anything (Kirillov et al. 2023) in Hugging Face's {@code SamModel} layout: the ViT image
 * encoder with its neck, the prompt encoder and the two-way mask decoder, any size from one
 * {@link SamConfig}. Its parameters live in a {@link Parameters} table that may hold other
 * parameters too (the REF decoder keeps its projection beside them); SAM's own names are exactly
 * the checkpoint's, so {@link #loadWeights} reads a {@code facebook/sam-vit-*} folder as it is.
 *
 * <p>Forward methods are thread-safe; results land in the manager of their first input.
 */
public final class SamModel {

    /** Parameter name prefixes of SAM's three parts (and the shared position matrix). */
    public static final String IMAGE_ENCODER = "vision_encoder.", PROMPT_ENCODER = "prompt_encoder.",
            MASK_DECODER = "mask_decoder.", SHARED_POSITION = SamPositionalEncoding.NAME;

    private final SamConfig config;
    private final Parameters params;
    private final SamVisionEncoder vision;
    private final SamPositionalEncoding position;
    private final SamPromptEncoder prompts;
    private final SamMaskDecoder maskDecoder;

    /** Mask logits and their predicted quality. */
    public record Masks(NDArray logits, NDArray iou) {
        // logits [B, P, M, 4g, 4g] on the encoder's input square; iou [B, P, M]
    }

    /** Declares SAM's parameters on {@code params} (drawn from its seed unless already present). */
    public SamModel(Parameters params, SamConfig config) {
        this.config = config;
        this.params = params;
        this.vision = new SamVisionEncoder(params, config.vision());
        this.position = new SamPositionalEncoding(params, config.vision());
        this.prompts = new SamPromptEncoder(params, config.prompt(), position);
        this.maskDecoder = new SamMaskDecoder(params, config.maskDecoder());
    }

    public SamConfig config() {
        return config;
    }

    /** SAM's parameter names and shapes (what a checkpoint must hold). */
    public Map<String, Shape> shapes() {
        Map<String, Shape> out = new LinkedHashMap<>();
        params.shapes().forEach((name, shape) -> {
            if (isSamName(name)) {
                out.put(name, shape);
            }
        });
        return out;
    }

    /** Whether {@code name} is one of SAM's parameters (not a neighbour's in a shared table). */
    public static boolean isSamName(String name) {
        return name.startsWith(IMAGE_ENCODER) || name.startsWith(PROMPT_ENCODER) || name.startsWith(MASK_DECODER)
                || name.equals(SHARED_POSITION);
    }

    /**
     * Reads SAM's weights in place from a Hugging Face folder ({@code model.safetensors} or a
     * sharded index). Every name and shape is checked first and every problem named at once;
     * transformers' tied copy {@code prompt_encoder.shared_embedding.*} is ignored, and the
     * misspelt {@code upsacle_layer_norm} of some transformers versions is read as
     * {@code upscale_layer_norm}.
     */
    public void loadWeights(Path folder) throws IOException {
        try (TensorSource source = ShardedCheckpoint.open(folder)) {
            loadWeights(source);
        }
    }

    /** As {@link #loadWeights(Path)} from an open source. */
    public void loadWeights(TensorSource source) throws IOException {
        WeightLoader loader = WeightLoader.strict("SAM model")
                .ignoring("prompt_encoder\\.shared_embedding\\..*", "(?!vision_encoder\\.|prompt_encoder\\."
                        + "|mask_decoder\\.|shared_image_embedding\\.).*");
        Map<String, Shape> expected = shapes();
        try (NDManager scope = params.manager().newSubManager()) {
            Map<String, NDArray> loaded = loader.load(new MisspeltNames(source), expected, scope);
            for (Map.Entry<String, NDArray> e : loaded.entrySet()) {
                NDArray target = params.get(e.getKey());
                NDArray value = e.getValue().getDataType() == target.getDataType() ? e.getValue()
                        : e.getValue().toType(target.getDataType(), false);
                // through a detached alias: the parameter keeps its identity and gradient flag
                try (NDArray alias = target.stopGradient()) {
                    alias.set(new NDIndex("..."), value);
                }
            }
        }
    }

    /** pixels [B, 3, S, S], SAM-normalised ({@link SamPreprocessing}) -> image embeddings [B, C, g, g] */
    public NDArray imageEmbeddings(NDArray pixels) {
        return vision.forward(pixels);
    }

    /** The image-wide position encoding [1, C, g, g], on {@code manager}. */
    public NDArray imagePositions(NDManager manager) {
        return position.imageWide(manager, config.prompt().imageEmbeddingSize());
    }

    /** Point prompts [B, P, N, 2] in input pixels with B*P*N labels (1 fg, 0 bg, -1 pad) -> tokens [B, P, N(+1), C] */
    public NDArray pointTokens(NDArray points, int[] labels, boolean padPoint) {
        return prompts.points(points, labels, padPoint);
    }

    /** Box prompts [B, P, 4] (x0, y0, x1, y1) in input pixels -> tokens [B, P, 2, C] */
    public NDArray boxTokens(NDArray boxes) {
        return prompts.boxes(boxes);
    }

    /** The no-mask dense embedding [B, C, g, g]. */
    public NDArray noMaskEmbedding(NDArray like, long batch) {
        return prompts.noMask(like, batch);
    }

    /** A mask prompt [B, 1, 4g, 4g] -> dense embedding [B, C, g, g]. */
    public NDArray maskEmbedding(NDArray masks) {
        return prompts.mask(masks);
    }

    /**
     * The mask decoder on given embeddings: image [B, C, g, g], sparse [B, P, N, C], dense
     * [B, C, g, g] (or null for no mask prompt).
     */
    public Masks decodeMasks(NDArray image, NDArray sparse, NDArray dense, boolean multimask) {
        NDArray d = dense != null ? dense : noMaskEmbedding(image, image.getShape().get(0));
        return maskDecoder.forward(image, imagePositions(image.getManager()), sparse, d, multimask);
    }

    /**
     * The whole model as {@code SamModel.forward} with point and/or box prompts.
     *
     * @param pixels [B, 3, S, S]
     * @param points [B, P, N, 2] or null
     * @param labels B*P*N labels when points are given
     * @param boxes  [B, P, 4] or null
     */
    public Masks predict(NDArray pixels, NDArray points, int[] labels, NDArray boxes, boolean multimask) {
        if (points == null && boxes == null) {
            throw new IllegalArgumentException("SAM needs point or box prompts");
        }
        NDArray image = imageEmbeddings(pixels);
        NDArray sparse = null;
        if (points != null) {
            sparse = pointTokens(points, labels, boxes == null);
        }
        if (boxes != null) {
            NDArray corners = boxTokens(boxes);
            sparse = sparse == null ? corners : sparse.concat(corners, 2);
        }
        return decodeMasks(image, sparse, null, multimask);
    }
}
