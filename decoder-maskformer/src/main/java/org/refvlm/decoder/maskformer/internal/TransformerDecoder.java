package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.refvlm.decoder.maskformer.MaskFormerDecoderConfig;
import org.refvlm.tensor.Nn;

/**
 * The query side: the {@code <REF>} embeddings projected (Linear D to d) plus a learned position
 * per query slot as queries; N post-norm DETR layers and a final LayerNorm. The memory they read
 * is either MaskFormer's (the coarse stem map projected by a Conv1x1 to tokens, with a sine
 * position encoding) or, with {@link MaskFormerDecoderConfig#maskedAttention()}, Mask2Former's:
 * the pixel embeddings, each layer attending mostly inside the query's previous mask.
 */
public final class TransformerDecoder {

    /** Side of the square of pixel embeddings averaged into one memory cell under masked attention. */
    private static final int POOL = 2;

    private TransformerDecoder() {
    }

    public static void declare(ParameterLayout layout, MaskFormerDecoderConfig c) {
        int d = c.dModel();
        if (!c.maskedAttention()) {
            layout.conv("memory_projection", c.stemDim(), d, 1, true);
        }
        layout.linear("query_projection", c.queryInputDim(), d);
        layout.embedding("query_position", c.numQueries(), d);
        for (int n = 0; n < c.layers(); n++) {
            DecoderLayer.declare(layout, "decoder.layers." + n, d, c.ffnDim());
        }
        layout.norm("decoder.final_norm", d);
    }

    /**
     * MaskFormer's decoder.
     *
     * @param queries   [B, L, D] REF embeddings, L = numQueries
     * @param queryMask [B, L] boolean, real queries
     * @param stem      [B, Cs, h, w] coarse map
     * @return query states [B, L, d]
     */
    public static NDArray apply(Map<String, NDArray> p, MaskFormerDecoderConfig c, NDArray queries, NDArray queryMask,
            NDArray stem, boolean training) {
        long b = stem.getShape().get(0), h = stem.getShape().get(2), w = stem.getShape().get(3);
        int d = c.dModel();
        NDArray memory = Nn.conv2d(stem, p.get("memory_projection.weight"), p.get("memory_projection.bias"), 1, 0, 1)
                .reshape(b, d, h * w).transpose(0, 2, 1);                                     // [B, h*w, d]
        NDArray memoryPos = position(memory, h, w, d);                                        // [1, h*w, d]
        NDArray queryPos = EngineTensors.alongside(queries,
                p.get("query_position.weight").expandDims(0));                                 // [1, L, d]

        NDArray x = Nn.linear(queries, p.get("query_projection.weight"), p.get("query_projection.bias")); // [B, L, d]
        for (int n = 0; n < c.layers(); n++) {
            x = DecoderLayer.apply(p, "decoder.layers." + n, x, queryPos, queryMask, memory, memoryPos, null,
                    c.heads(), c.dropout(), training);
        }
        return DecoderLayer.norm(p, "decoder.final_norm", x);
    }

    /**
     * Mask2Former's decoder on MaskFormer's parts: a mask is predicted from the projected queries
     * before the first layer and after every layer (final norm and mask head shared), and each
     * layer's cross-attention into the pooled pixel embeddings gets log sigmoid of the previous
     * mask, pooled the same way, as a bias: cells the query's mask leaves out weigh little, cells
     * inside weigh fully. The bias is detached, as Mask2Former's attention mask is; every
     * prediction is trained by its own loss instead.
     *
     * @param queries   [B, L, D] REF embeddings, L = numQueries
     * @param queryMask [B, L] boolean, real queries
     * @param pixels    [B, d, H, W] pixel embeddings, H and W even
     * @return the mask logits of every prediction, each [B, L, H, W], the last one the answer
     */
    public static List<NDArray> applyMasked(Map<String, NDArray> p, MaskFormerDecoderConfig c, NDArray queries,
            NDArray queryMask, NDArray pixels, boolean training) {
        long b = pixels.getShape().get(0), d = pixels.getShape().get(1);
        long height = pixels.getShape().get(2), width = pixels.getShape().get(3);
        if (height % POOL != 0 || width % POOL != 0) {
            throw new IllegalArgumentException("masked attention pools the " + height + "x" + width
                    + " pixel embeddings " + POOL + "x" + POOL + ": both sides must be even");
        }
        long h = height / POOL, w = width / POOL;
        NDArray memory = pool(pixels).reshape(b, d, h * w).transpose(0, 2, 1);               // [B, h*w, d]
        NDArray memoryPos = position(memory, h, w, (int) d);                                  // [1, h*w, d]
        NDArray queryPos = EngineTensors.alongside(queries,
                p.get("query_position.weight").expandDims(0));                                 // [1, L, d]

        NDArray x = Nn.linear(queries, p.get("query_projection.weight"), p.get("query_projection.bias")); // [B, L, d]
        List<NDArray> predictions = new ArrayList<>(c.layers() + 1);
        NDArray logits = predict(p, x, pixels);                                               // [B, L, H, W]
        predictions.add(logits);
        for (int n = 0; n < c.layers(); n++) {
            NDArray bias = logSigmoid(pool(logits.stopGradient()))
                    .reshape(b, 1, -1, h * w);                                                // [B, 1, L, h*w]
            x = DecoderLayer.apply(p, "decoder.layers." + n, x, queryPos, queryMask, memory, memoryPos, bias,
                    c.heads(), c.dropout(), training);
            logits = predict(p, x, pixels);
            predictions.add(logits);
        }
        return List.copyOf(predictions);
    }

    /** [B, L, d] states -> [B, L, H, W] mask logits through the shared final norm and mask head. */
    private static NDArray predict(Map<String, NDArray> p, NDArray x, NDArray pixels) {
        return MaskEmbeddingHead.apply(p, DecoderLayer.norm(p, "decoder.final_norm", x), pixels);
    }

    /** [B, C, H, W] -> [B, C, H / POOL, W / POOL], the mean of each POOL x POOL square. */
    private static NDArray pool(NDArray x) {
        Shape s = x.getShape();
        long h = s.get(2) / POOL, w = s.get(3) / POOL;
        return x.reshape(s.get(0), s.get(1), h, POOL, w, POOL).mean(new int[] {5}).mean(new int[] {3}); // [B, C, h, w]
    }

    /** log(sigmoid(x)) = min(x, 0) - log(1 + exp(-|x|)), finite for every finite x. */
    private static NDArray logSigmoid(NDArray x) {
        return x.minimum(0f).sub(x.abs().neg().exp().add(1f).log());
    }

    private static NDArray position(NDArray memory, long h, long w, int d) {
        return EngineTensors.constant(memory.getManager(), SinePositionEncoding.encode((int) h, (int) w, d),
                new Shape(1, h * w, d));
    }
}
