package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.decoder.maskformer.MaskFormerDecoderConfig;
import org.refvlm.nn.AttentionMask;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Conv2d;
import org.refvlm.nn.ConvOptions;
import org.refvlm.nn.Embedding;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.Linear;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.SinePositionEncoding;
import org.refvlm.nn.TransformerDecoderLayer;
import org.refvlm.nn.TransformerLayerConfig;

/**
 * The query side: the {@code <REF>} embeddings projected (Linear D to d) plus a learned position
 * per query slot as queries; N post-norm DETR layers and a final LayerNorm. The memory they read
 * is either MaskFormer's (the coarse stem map projected by a Conv1x1 to tokens, with a sine
 * position encoding) or, with {@link MaskFormerDecoderConfig#maskedAttention()}, Mask2Former's:
 * the pixel embeddings, each layer attending mostly inside the query's previous mask.
 */
public final class QueryDecoder {

    /** Side of the square of pixel embeddings averaged into one memory cell under masked attention. */
    private static final int POOL = 2;

    private final MaskFormerDecoderConfig config;
    private final Conv2d memoryProjection;  // null under masked attention
    private final Linear queryProjection;
    private final Embedding queryPosition;
    private final List<TransformerDecoderLayer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final MaskEmbeddingHead head;

    public QueryDecoder(Parameters p, MaskFormerDecoderConfig c) {
        this.config = c;
        int d = c.dModel();
        this.memoryProjection = c.maskedAttention() ? null
                : new Conv2d(p, "memory_projection", c.stemDim(), d, ConvOptions.kernel(1));
        this.queryProjection = new Linear(p, "query_projection", c.queryInputDim(), d);
        this.queryPosition = new Embedding(p, "query_position", c.numQueries(), d);
        TransformerLayerConfig layer = TransformerLayerConfig.of(d, c.heads(), c.ffnDim()).dropout(c.dropout());
        for (int n = 0; n < c.layers(); n++) {
            layers.add(new TransformerDecoderLayer(p, "decoder.layers." + n, layer));
        }
        this.finalNorm = new LayerNorm(p, "decoder.final_norm", d);
        this.head = new MaskEmbeddingHead(p, d);
    }

    /**
     * MaskFormer's decoder: the queries read the stem map once, the mask is predicted at the end.
     *
     * @param queries   [B, L, D] REF embeddings, L = numQueries
     * @param queryMask [B, L] boolean, real queries
     * @param stem      [B, Cs, h, w] coarse map
     * @param pixels    [B, d, H, W] pixel embeddings
     * @return the mask logits [B, L, H, W]
     */
    public NDArray forward(NDArray queries, NDArray queryMask, NDArray stem, NDArray pixels, boolean training) {
        long b = stem.getShape().get(0), h = stem.getShape().get(2), w = stem.getShape().get(3);
        NDArray memory = memoryProjection.forward(stem).reshape(b, config.dModel(), h * w).transpose(0, 2, 1); // [B, h*w, d]
        NDArray keys = memory.add(position(memory, h, w));                                    // [B, h*w, d]
        NDArray queryPos = Constants.alongside(queries, queryPosition.table().expandDims(0)); // [1, L, d]
        AttentionMask selfMask = AttentionMask.keys(queryMask);
        NDArray x = queryProjection.forward(queries);                                         // [B, L, d]
        for (TransformerDecoderLayer layer : layers) {
            x = layer.forward(x, queryPos, selfMask, keys, memory, AttentionMask.NONE, training);
        }
        return head.forward(finalNorm.forward(x), pixels);                                    // [B, L, H, W]
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
    public List<NDArray> forwardMasked(NDArray queries, NDArray queryMask, NDArray pixels, boolean training) {
        long b = pixels.getShape().get(0), d = pixels.getShape().get(1);
        long height = pixels.getShape().get(2), width = pixels.getShape().get(3);
        if (height % POOL != 0 || width % POOL != 0) {
            throw new IllegalArgumentException("masked attention pools the " + height + "x" + width
                    + " pixel embeddings " + POOL + "x" + POOL + ": both sides must be even");
        }
        long h = height / POOL, w = width / POOL;
        NDArray memory = pool(pixels).reshape(b, d, h * w).transpose(0, 2, 1);               // [B, h*w, d]
        NDArray keys = memory.add(position(memory, h, w));                                    // [B, h*w, d]
        NDArray queryPos = Constants.alongside(queries, queryPosition.table().expandDims(0)); // [1, L, d]
        AttentionMask selfMask = AttentionMask.keys(queryMask);

        NDArray x = queryProjection.forward(queries);                                         // [B, L, d]
        List<NDArray> predictions = new ArrayList<>(layers.size() + 1);
        NDArray logits = head.forward(finalNorm.forward(x), pixels);                          // [B, L, H, W]
        predictions.add(logits);
        for (TransformerDecoderLayer layer : layers) {
            NDArray bias = logSigmoid(pool(logits.stopGradient())).reshape(b, 1, -1, h * w);  // [B, 1, L, h*w]
            x = layer.forward(x, queryPos, selfMask, keys, memory, AttentionMask.bias(bias), training);
            logits = head.forward(finalNorm.forward(x), pixels);
            predictions.add(logits);
        }
        return List.copyOf(predictions);
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

    /** [1, h*w, d]: the memory grid's sine position. */
    private NDArray position(NDArray memory, long h, long w) {
        return SinePositionEncoding.grid(memory.getManager(), (int) h, (int) w, config.dModel()).expandDims(0);
    }
}
