package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.refvlm.decoder.maskformer.MaskFormerDecoderConfig;

/**
 * The whole forward pass: pixel decoder on the pyramid, transformer decoder on the queries, mask
 * logits as their dot products. Stateless; parameters come in as a map.
 */
public final class MaskFormerNetwork {

    private MaskFormerNetwork() {
    }

    /** Every parameter, in a stable order. */
    public static ParameterLayout layout(MaskFormerDecoderConfig c) {
        ParameterLayout layout = new ParameterLayout();
        PixelDecoder.declare(layout, c);
        TransformerDecoder.declare(layout, c);
        MaskEmbeddingHead.declare(layout, c.dModel());
        return layout;
    }

    /**
     * @param queries   [B, numQueries, D]
     * @param queryMask [B, numQueries] boolean
     * @param features  the pyramid by level name
     * @return mask logits [B, numQueries, H, W] at the finest lateral's resolution, one per
     *         prediction: MaskFormer predicts once, masked attention before and after every layer;
     *         the last is the answer
     */
    public static List<NDArray> maskLogits(Map<String, NDArray> p, MaskFormerDecoderConfig c, NDArray queries,
            NDArray queryMask, Map<String, NDArray> features, boolean training) {
        long b = queries.getShape().get(0);
        NDArray stem = FeatureMaps.spatial(features, c.stemLevel(), b, c.stemDim()).toType(DataType.FLOAT32, false);
        List<NDArray> laterals = new ArrayList<>();
        for (int i = 0; i < c.lateralLevels().size(); i++) {
            laterals.add(FeatureMaps.spatial(features, c.lateralLevels().get(i), b, c.lateralDims().get(i))
                    .toType(DataType.FLOAT32, false));
        }
        NDArray pixels = PixelDecoder.apply(p, stem, laterals, c.normGroups());                 // [B, d, H, W]
        NDArray q = queries.toType(DataType.FLOAT32, false);                                  // [B, L, D]
        if (c.maskedAttention()) {
            return TransformerDecoder.applyMasked(p, c, q, queryMask, pixels, training);      // each [B, L, H, W]
        }
        NDArray states = TransformerDecoder.apply(p, c, q, queryMask, stem, training);        // [B, L, d]
        return List.of(MaskEmbeddingHead.apply(p, states, pixels));                           // [B, L, H, W]
    }
}
