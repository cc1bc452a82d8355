package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.decoder.maskformer.MaskFormerDecoderConfig;
import org.refvlm.nn.Parameters;
import org.refvlm.spi.DecoderInput;

/**
 * The whole forward pass: pixel decoder on the pyramid, transformer decoder on the queries, mask
 * logits as their dot products. Its parameters are declared on the given {@link Parameters}.
 */
public final class MaskFormerNetwork {

    private final MaskFormerDecoderConfig config;
    private final PixelDecoder pixelDecoder;
    private final QueryDecoder queryDecoder;

    public MaskFormerNetwork(Parameters p, MaskFormerDecoderConfig c) {
        this.config = c;
        this.pixelDecoder = new PixelDecoder(p, c);
        this.queryDecoder = new QueryDecoder(p, c);
    }

    /**
     * @param queries   [B, numQueries, D]
     * @param queryMask [B, numQueries] boolean
     * @return mask logits [B, numQueries, H, W] at the finest lateral's resolution, one per
     *         prediction: MaskFormer predicts once, masked attention before and after every layer;
     *         the last is the answer
     */
    public List<NDArray> maskLogits(NDArray queries, NDArray queryMask, DecoderInput input, boolean training) {
        NDArray stem = input.feature(config.stemLevel(), config.stemDim()).toType(DataType.FLOAT32, false);
        List<NDArray> laterals = new ArrayList<>();
        for (int i = 0; i < config.lateralLevels().size(); i++) {
            laterals.add(input.feature(config.lateralLevels().get(i), config.lateralDims().get(i))
                    .toType(DataType.FLOAT32, false));
        }
        NDArray pixels = pixelDecoder.forward(stem, laterals);                                // [B, d, H, W]
        NDArray q = queries.toType(DataType.FLOAT32, false);                                  // [B, L, D]
        if (config.maskedAttention()) {
            return queryDecoder.forwardMasked(q, queryMask, pixels, training);                // each [B, L, H, W]
        }
        return List.of(queryDecoder.forward(q, queryMask, stem, pixels, training));           // [B, L, H, W]
    }
}
