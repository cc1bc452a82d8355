package org.refvlm.decoder.groundingdino.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.refvlm.nn.BilinearSampler;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Linear;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Scalars;

/**
 * Multi-scale deformable attention (Deformable DETR): each query reads {@code points} bilinear
 * samples per head and level, at learned offsets around its reference point, weighted by a softmax
 * over all of that head's samples. Parameters {@code sampling_offsets}, {@code attention_weights},
 * {@code value_proj}, {@code output_proj} under the prefix.
 */
final class DeformableAttention {

    private final int heads;
    private final int levels;
    private final int points;
    private final int dModel;
    private final Linear offsets;
    private final Linear weights;
    private final Linear valueProj;
    private final Linear outputProj;

    DeformableAttention(Parameters params, String prefix, int dModel, int heads, int levels, int points) {
        this.heads = heads;
        this.levels = levels;
        this.points = points;
        this.dModel = dModel;
        this.offsets = new Linear(params, prefix + "sampling_offsets", dModel, (long) heads * levels * points * 2);
        this.weights = new Linear(params, prefix + "attention_weights", dModel, (long) heads * levels * points);
        this.valueProj = new Linear(params, prefix + "value_proj", dModel, dModel);
        this.outputProj = new Linear(params, prefix + "output_proj", dModel, dModel);
    }

    /**
     * @param query  [B, Q, D] queries, position encoding already added
     * @param value  [B, S, D] the flattened levels, in {@code shapes} order
     * @param refs   [B, Q, 2] reference points (x, y) or [B, Q, 4] reference boxes (cx, cy, w, h), in [0, 1]
     * @param shapes (h, w) of each level
     * @return [B, Q, D]
     */
    NDArray forward(NDArray query, NDArray value, NDArray refs, List<int[]> shapes) {
        long b = query.getShape().get(0);
        long q = query.getShape().get(1);
        int hd = dModel / heads;
        NDArray v = valueProj.forward(value).reshape(b, -1, heads, hd).transpose(0, 2, 1, 3); // [B, h, S, hd]
        NDArray off = offsets.forward(query).reshape(b, q, heads, levels, points, 2);          // [B, Q, h, L, P, 2]
        NDArray attn = weights.forward(query).reshape(b, q, heads, (long) levels * points).softmax(-1)
                .reshape(b, q, heads, levels, points).transpose(0, 2, 3, 1, 4);                // [B, h, L, Q, P]
        NDArray loc;                                                                           // [B, Q, h, L, P, 2]
        if (refs.getShape().get(2) == 2) {
            float[] norm = new float[levels * 2];
            for (int l = 0; l < levels; l++) {
                norm[2 * l] = 1f / shapes.get(l)[1];      // offsets are in pixels of each level
                norm[2 * l + 1] = 1f / shapes.get(l)[0];
            }
            NDArray scale = Constants.of(query.getManager(), norm, new Shape(1, 1, 1, levels, 1, 2));
            loc = off.mul(scale).add(refs.reshape(b, q, 1, 1, 1, 2));
        } else {
            // offsets are fractions of half the reference box, spread over the points
            NDArray centre = refs.get(":, :, :2").reshape(b, q, 1, 1, 1, 2);
            NDArray size = refs.get(":, :, 2:").reshape(b, q, 1, 1, 1, 2);
            loc = Scalars.mul(off.mul(size), 0.5 / points).add(centre);
        }
        loc = loc.transpose(0, 2, 3, 1, 4, 5);                                                 // [B, h, L, Q, P, 2]
        NDArray out = null;
        long start = 0;
        for (int l = 0; l < levels; l++) {
            int h = shapes.get(l)[0];
            int w = shapes.get(l)[1];
            NDArray vl = v.get(":, :, {}:{}", start, start + (long) h * w).reshape(b * heads, (long) h * w, hd);
            NDArray ll = loc.get(":, :, {}", l).reshape(b * heads, q * points, 2);             // [B*h, Q*P, 2]
            NDArray sampled = BilinearSampler.sample(vl, h, w, ll.get(":, :, 0"), ll.get(":, :, 1"))
                    .reshape(b, heads, q, points, hd);                                         // [B, h, Q, P, hd]
            NDArray weighted = sampled.mul(attn.get(":, :, {}", l).expandDims(-1)).sum(new int[] {3}); // [B, h, Q, hd]
            out = out == null ? weighted : out.add(weighted);
            start += (long) h * w;
        }
        return outputProj.forward(out.transpose(0, 2, 1, 3).reshape(b, q, dModel));
    }
}
