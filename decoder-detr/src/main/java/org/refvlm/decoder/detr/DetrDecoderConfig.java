package org.refvlm.decoder.detr;

import java.util.List;

/**
 * Sizes of the DETR-style box decoder. {@link #reference()} gives REF-VLM's stage-2 values;
 * small models scale every size down.
 *
 * @param queryInputDim  width of the {@code <REF>} embeddings (the LLM's hidden size)
 * @param numQueries     query length L the router pads to
 * @param featureLevels  pyramid levels resized to the first one's grid and concatenated
 * @param featureDims    channels of those levels, in the same order
 * @param dModel         transformer width
 * @param layers         decoder layers
 * @param heads          attention heads
 * @param ffnDim         feed-forward width
 * @param dropout        dropout in training
 * @param l1Weight       weight of the L1 box loss and matching cost
 * @param giouWeight     weight of the generalized-IoU loss and matching cost
 * @param positionInValues whether cross-attention values carry the memory's position encoding too.
 *                       The reference adds it to the keys only, as DETR does: its pretrained features
 *                       (CLIP's ViT with its learned positions) already tell where they are. Features
 *                       learned from nothing do not, and then a box cannot be read off the attended
 *                       values; small models trained from scratch set this.
 * @param alignWeight    weight of the grounding-map loss; 0 (the reference) leaves the decoder as DETR
 *                       is. Above 0, each query also scores every memory cell ({@code GroundingMap}),
 *                       the scores are added to every layer's cross-attention logits, and a matched
 *                       query's scores are trained, as a softmax over the cells, to cover its target
 *                       box. A box loss reaches a cell only through attention that starts uniform, which
 *                       leaves "which cells show what the query says" very slow to learn from nothing
 *                       (issue 7's probes); the map teaches it with a label per cell.
 * @param boxesFromMap   whether the head corrects the box the grounding map outlines (its mean and
 *                       spread over the cells, {@code MapBox}) instead of giving a box on its own, as
 *                       Deformable DETR's heads refine reference points. Needs the map
 *                       ({@code alignWeight} above 0); false is DETR's head. Reading coordinates off
 *                       attended features must be learned; the map's moments are coordinates already.
 * @param memoryLayers   DETR encoder layers run over the memory cells before the decoder reads them;
 *                       0 (the reference) reads the projected pyramid as it is. With them a cell can
 *                       take in its neighbours (how far its object reaches, what else the picture holds).
 * @param refineMap      whether every decoder layer scores the cells again from its refined queries (the
 *                       grounding map's weights shared, as Mask2Former predicts a mask after every layer):
 *                       the new map biases the next layer's cross-attention, the last one gives the
 *                       reference box, and the map loss is averaged over all of them. Needs the map; false
 *                       keeps the map the queries give before any layer has looked at the picture.
 */
public record DetrDecoderConfig(
        int queryInputDim, int numQueries, List<String> featureLevels, List<Integer> featureDims,
        int dModel, int layers, int heads, int ffnDim, double dropout, double l1Weight, double giouWeight,
        boolean positionInValues, double alignWeight, boolean boxesFromMap, int memoryLayers, boolean refineMap) {

    public DetrDecoderConfig {
        featureLevels = List.copyOf(featureLevels);
        featureDims = List.copyOf(featureDims);
        if (featureLevels.size() != featureDims.size() || featureLevels.isEmpty()) {
            throw new IllegalArgumentException("featureLevels and featureDims must be non-empty and of equal length, got "
                    + featureLevels + " and " + featureDims);
        }
        if (queryInputDim <= 0 || numQueries <= 0 || dModel <= 0 || layers <= 0 || heads <= 0 || ffnDim <= 0) {
            throw new IllegalArgumentException("sizes must be positive: queryInputDim " + queryInputDim
                    + ", numQueries " + numQueries + ", dModel " + dModel + ", layers " + layers + ", heads " + heads
                    + ", ffnDim " + ffnDim);
        }
        for (int dim : featureDims) {
            if (dim <= 0) {
                throw new IllegalArgumentException("feature channels must be positive, got " + featureDims);
            }
        }
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " is not divisible by heads " + heads);
        }
        // The sine encoding gives each axis dModel/2 channels as interleaved (sin, cos) pairs.
        if (dModel % 4 != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " must be a multiple of 4 for the 2-D sine encoding");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (!(l1Weight >= 0 && giouWeight >= 0 && alignWeight >= 0)) {
            throw new IllegalArgumentException("loss weights must be non-negative, got l1 " + l1Weight + ", giou "
                    + giouWeight + ", align " + alignWeight);
        }
        if (boxesFromMap && alignWeight <= 0) {
            throw new IllegalArgumentException("boxesFromMap needs the grounding map: set alignWeight above 0");
        }
        if (refineMap && alignWeight <= 0) {
            throw new IllegalArgumentException("refineMap needs the grounding map: set alignWeight above 0");
        }
        if (memoryLayers < 0) {
            throw new IllegalArgumentException("memoryLayers must be 0 or more, got " + memoryLayers);
        }
    }

    /** Whether queries score memory cells and those scores guide cross-attention ({@link #alignWeight} above 0). */
    public boolean grounded() {
        return alignWeight > 0;
    }

    /** Sum of the channels of the concatenated pyramid levels: the width of the memory projection's input. */
    public int memoryInputDim() {
        int sum = 0;
        for (int dim : featureDims) {
            sum += dim;
        }
        return sum;
    }

    /** REF-VLM's box decoder: pyramid [C0, C1, C2, ViT] at 128x128, 6 layers of width 256, 100 queries. */
    public static DetrDecoderConfig reference() {
        return new DetrDecoderConfig(4096, 100, List.of("stride4", "stride8", "stride16", "vit"),
                List.of(192, 384, 768, 1024), 256, 6, 8, 2048, 0.1, 5.0, 2.0, false, 0.0, false, 0, false);
    }
}
