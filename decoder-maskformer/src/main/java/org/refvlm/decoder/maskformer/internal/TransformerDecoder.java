package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.refvlm.decoder.maskformer.MaskFormerDecoderConfig;
import org.refvlm.tensor.Nn;

/**
 * The query side: the coarse map projected (Conv1x1) to tokens with a sine position encoding as
 * memory; the {@code <REF>} embeddings projected (Linear D to d) plus a learned position per
 * query slot as queries; N post-norm DETR layers and a final LayerNorm.
 */
public final class TransformerDecoder {

    private TransformerDecoder() {
    }

    public static void declare(ParameterLayout layout, MaskFormerDecoderConfig c) {
        int d = c.dModel();
        layout.conv("memory_projection", c.stemDim(), d, 1, true);
        layout.linear("query_projection", c.queryInputDim(), d);
        layout.embedding("query_position", c.numQueries(), d);
        for (int n = 0; n < c.layers(); n++) {
            DecoderLayer.declare(layout, "decoder.layers." + n, d, c.ffnDim());
        }
        layout.norm("decoder.final_norm", d);
    }

    /**
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
        NDArray memoryPos = EngineTensors.constant(memory.getManager(),
                SinePositionEncoding.encode((int) h, (int) w, d), new Shape(1, h * w, d));    // [1, h*w, d]
        NDArray queryPos = EngineTensors.alongside(queries,
                p.get("query_position.weight").expandDims(0));                                 // [1, L, d]

        NDArray x = Nn.linear(queries, p.get("query_projection.weight"), p.get("query_projection.bias")); // [B, L, d]
        for (int n = 0; n < c.layers(); n++) {
            x = DecoderLayer.apply(p, "decoder.layers." + n, x, queryPos, queryMask, memory, memoryPos, c.heads(),
                    c.dropout(), training);
        }
        return DecoderLayer.norm(p, "decoder.final_norm", x);
    }
}
