package org.refvlm.decoder.maskformer;

import java.util.ArrayList;
import java.util.List;

/**
 * Sizes of the MaskFormer-style mask decoder. {@link #reference()} gives REF-VLM's stage-2 values.
 *
 * @param queryInputDim  width of the {@code <REF>} embeddings
 * @param numQueries     query length L
 * @param lateralLevels  pyramid levels the pixel decoder adds laterally, finest first
 * @param lateralDims    their channels
 * @param stemLevel      the coarse map the pixel decoder starts from (and the query memory)
 * @param stemDim        its channels
 * @param dModel         transformer and pixel-embedding width
 * @param layers         decoder layers
 * @param heads          attention heads
 * @param ffnDim         feed-forward width
 * @param dropout        dropout in training
 * @param focalWeight    weight of the sigmoid focal loss and matching cost
 * @param diceWeight     weight of the dice loss and matching cost
 * @param normGroups     GroupNorm groups in the pixel decoder (32 in the reference; tiny models need fewer)
 * @param maskedAttention whether the queries work as Mask2Former's do: their memory is the pixel
 *                       embeddings themselves (pooled 2x2, with their sine position), a mask is predicted
 *                       before the first layer and after every layer, each layer's cross-attention is biased
 *                       by the log-probability that a cell lies inside the query's previous mask (a soft form
 *                       of Mask2Former's masked attention), and every prediction is trained (the mean of
 *                       their losses). False (the reference) reads the stem level once and predicts at the
 *                       end. The stem level the reference queries read is a few cells wide in a small model;
 *                       a query that has found its object can only be told where it ends by finer cells.
 * @param areaTargets    whether each cell of the logits grid is trained towards the share of its pixels
 *                       of the real image inside the target mask (a soft target; the cell counts when it
 *                       has any), which is what decoding's bilinear resize reads back. False (the
 *                       reference) samples the target's pixel at each cell's top-left corner, as PyTorch's
 *                       nearest resize does: masks learnt that way decode shifted by half a cell, under a
 *                       pixel at the reference's 2.6 pixels per cell, 3.5 pixels on a 32-cell grid over a
 *                       256-pixel image.
 * @param maskThreshold  the logit above which a decoded pixel belongs to the mask (SAM's {@code mask_threshold});
 *                       0, the reference, is probability 0.5. It changes only decoding, not training: a
 *                       decoder unsure where an object ends gives its edge pixels probabilities below 0.5,
 *                       so a threshold chosen on held-out data can be lower.
 */
public record MaskFormerDecoderConfig(
        int queryInputDim, int numQueries, List<String> lateralLevels, List<Integer> lateralDims,
        String stemLevel, int stemDim, int dModel, int layers, int heads, int ffnDim, double dropout,
        double focalWeight, double diceWeight, int normGroups, boolean maskedAttention,
        boolean areaTargets, double maskThreshold) {

    public MaskFormerDecoderConfig {
        lateralLevels = List.copyOf(lateralLevels);
        lateralDims = List.copyOf(lateralDims);
        if (lateralLevels.size() != lateralDims.size()) {
            throw new IllegalArgumentException("lateralLevels and lateralDims differ in length: "
                    + lateralLevels + " and " + lateralDims);
        }
        if (lateralLevels.isEmpty()) {
            throw new IllegalArgumentException("the pixel decoder needs at least one lateral level");
        }
        if (lateralLevels.contains(stemLevel) || lateralLevels.stream().distinct().count() != lateralLevels.size()) {
            throw new IllegalArgumentException("feature levels must be distinct: laterals " + lateralLevels
                    + ", stem " + stemLevel);
        }
        if (queryInputDim <= 0 || numQueries <= 0 || stemDim <= 0 || dModel <= 0 || layers <= 0 || heads <= 0
                || ffnDim <= 0 || normGroups <= 0 || lateralDims.stream().anyMatch(c -> c <= 0)) {
            throw new IllegalArgumentException("sizes must be positive: " + queryInputDim + ", " + numQueries
                    + ", " + lateralDims + ", " + stemDim + ", " + dModel + ", " + layers + ", " + heads + ", "
                    + ffnDim + ", " + normGroups);
        }
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " is not divisible by heads " + heads);
        }
        if (dModel % normGroups != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " is not divisible by normGroups " + normGroups);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (!Double.isFinite(maskThreshold)) {
            throw new IllegalArgumentException("maskThreshold must be a finite logit, got " + maskThreshold);
        }
        if (!(focalWeight >= 0) || !(diceWeight >= 0)) {
            throw new IllegalArgumentException("loss weights must be non-negative, got " + focalWeight + " and "
                    + diceWeight);
        }
    }

    /** REF-VLM's mask decoder: laterals C0..C2, stem on the 24x24 ViT map, 6 layers of 256, 30 queries. */
    public static MaskFormerDecoderConfig reference() {
        return new MaskFormerDecoderConfig(4096, 30, List.of("stride4", "stride8", "stride16"),
                List.of(192, 384, 768), "vit", 1024, 256, 6, 8, 2048, 0.1, 20.0, 1.0, 32, false, false, 0.0);
    }

    /** Every feature map the decoder reads: the laterals (finest first), then the stem level. */
    public List<String> featureLevels() {
        List<String> levels = new ArrayList<>(lateralLevels);
        levels.add(stemLevel);
        return List.copyOf(levels);
    }

    /** Width of one attention head. */
    public int headDim() {
        return dModel / heads;
    }
}
