package org.refvlm.decoder.sam.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Conv2d;
import org.refvlm.nn.ConvOptions;
import org.refvlm.nn.Init;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Scalars;

/**
 * SAM's prompt encoder: points and box corners become sparse tokens (the Fourier encoding of the
 * pixel centre plus a learnt embedding per kind: negative point, positive point, top-left and
 * bottom-right corner; padding slots get {@code not_a_point_embed} alone); the absence of a mask
 * prompt is the dense {@code no_mask_embed} everywhere. Mask prompts go through {@code mask_embed}
 * (two stride-2 convolutions with channel norms, then 1x1 to the width). Names under
 * {@code prompt_encoder.}.
 */
final class SamPromptEncoder {

    private static final String P = "prompt_encoder";
    /** Point labels as SAM numbers them. */
    static final int PAD = -1, NEGATIVE = 0, POSITIVE = 1;

    private final Parameters params;
    private final SamConfig.Prompt config;
    private final SamPositionalEncoding position;
    private final Conv2d mask1;
    private final LayerNorm maskNorm1;
    private final Conv2d mask2;
    private final LayerNorm maskNorm2;
    private final Conv2d mask3;
    private final NonLinearity activation;

    SamPromptEncoder(Parameters params, SamConfig.Prompt c, SamPositionalEncoding position) {
        this.params = params;
        this.config = c;
        this.position = position;
        this.activation = NonLinearity.of(c.hiddenAct());
        long d = c.hiddenSize();
        for (String name : new String[] {"no_mask_embed", "not_a_point_embed", "point_embed.0", "point_embed.1",
                "point_embed.2", "point_embed.3"}) {
            params.declare(P + "." + name + ".weight", new Shape(1, d), Init.normal(1));
        }
        int quarter = c.maskInputChannels() / 4;
        this.mask1 = new Conv2d(params, P + ".mask_embed.conv1", 1, quarter, ConvOptions.kernel(2).stride(2));
        this.maskNorm1 = new LayerNorm(params, P + ".mask_embed.layer_norm1", quarter, (float) c.layerNormEps());
        this.mask2 = new Conv2d(params, P + ".mask_embed.conv2", quarter, c.maskInputChannels(),
                ConvOptions.kernel(2).stride(2));
        this.maskNorm2 = new LayerNorm(params, P + ".mask_embed.layer_norm2", c.maskInputChannels(),
                (float) c.layerNormEps());
        this.mask3 = new Conv2d(params, P + ".mask_embed.conv3", c.maskInputChannels(), d, ConvOptions.kernel(1));
    }

    /** One learnt row [1, C] by name, moved next to {@code activation}. */
    NDArray row(String name, NDArray activation) {
        return Constants.alongside(activation, params.get(P + "." + name + ".weight").reshape(1, config.hiddenSize()));
    }

    /**
     * Point prompts: coordinates in the encoder's input pixels (x, y), labels {@link #POSITIVE},
     * {@link #NEGATIVE} or {@link #PAD}.
     *
     * @param points [B, P, N, 2]
     * @param labels B*P*N labels in row-major order
     * @param pad    append one padding point per prompt (SAM does when no box accompanies the points)
     * @return [B, P, N (+1), C]
     */
    NDArray points(NDArray points, int[] labels, boolean pad) {
        Shape s = points.getShape();
        long b = s.get(0), p = s.get(1), n = s.get(2);
        NDManager m = points.getManager();
        NDArray shifted = points.add(0.5f);                                              // pixel centres
        int[] all = labels;
        long count = n;
        if (pad) {
            shifted = shifted.concat(m.zeros(new Shape(b, p, 1, 2), shifted.getDataType()), 2);
            count = n + 1;
            all = new int[(int) (b * p * count)];
            for (int i = 0; i < b * p; i++) {
                System.arraycopy(labels, (int) (i * n), all, (int) (i * count), (int) n);
                all[(int) (i * count + n)] = PAD;
            }
        }
        if (all.length != b * p * count) {
            throw new IllegalArgumentException(labels.length + " labels for " + b * p * n + " points");
        }
        NDArray encoded = position.encode(Scalars.div(shifted, config.imageSize()));           // [B, P, N', C]
        Shape flags = new Shape(b, p, count, 1);
        NDArray isPad = Constants.of(m, indicator(all, PAD), flags);
        NDArray keep = Constants.of(m, indicator(all, PAD, true), flags);
        NDArray isNeg = Constants.of(m, indicator(all, NEGATIVE), flags);
        NDArray isPos = Constants.of(m, indicator(all, POSITIVE), flags);
        return encoded.mul(keep)
                .add(isPad.mul(row("not_a_point_embed", encoded)))
                .add(isNeg.mul(row("point_embed.0", encoded)))
                .add(isPos.mul(row("point_embed.1", encoded)));                         // [B, P, N', C]
    }

    /** boxes [B, P, 4] (x0, y0, x1, y1) in input pixels -> corner tokens [B, P, 2, C] */
    NDArray boxes(NDArray boxes) {
        Shape s = boxes.getShape();
        long b = s.get(0), p = s.get(1);
        NDArray corners = Scalars.div(boxes.add(0.5f).reshape(b, p, 2, 2), config.imageSize());
        NDArray encoded = position.encode(corners);                                      // [B, P, 2, C]
        NDArray kinds = row("point_embed.2", encoded).concat(row("point_embed.3", encoded), 0); // [2, C]
        return encoded.add(kinds);
    }

    /** The dense embedding without a mask prompt: [B, C, g, g]. */
    NDArray noMask(NDArray like, long batch) {
        int g = config.imageEmbeddingSize();
        return row("no_mask_embed", like).reshape(1, config.hiddenSize(), 1, 1)
                .broadcast(new Shape(batch, config.hiddenSize(), g, g));
    }

    /** A mask prompt [B, 1, 4g, 4g] (logits) -> dense embedding [B, C, g, g]. */
    NDArray mask(NDArray masks) {
        NDArray h = activation.apply(maskNorm1.forwardChannels(mask1.forward(masks)));
        h = activation.apply(maskNorm2.forwardChannels(mask2.forward(h)));
        return mask3.forward(h);
    }

    private static float[] indicator(int[] labels, int value) {
        return indicator(labels, value, false);
    }

    private static float[] indicator(int[] labels, int value, boolean negate) {
        float[] out = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = (labels[i] == value) != negate ? 1f : 0f;
        }
        return out;
    }
}
