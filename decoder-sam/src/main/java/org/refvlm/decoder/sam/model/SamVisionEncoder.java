package org.refvlm.decoder.sam.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.refvlm.nn.Conv2d;
import org.refvlm.nn.ConvOptions;
import org.refvlm.nn.Init;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.Linear;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;

/**
 * SAM's image encoder: a ViT over {@code patch_size} patches with an absolute position table,
 * pre-norm layers that attend in windows (the grid zero-padded to a multiple of the window) except
 * the global ones, then the neck (1x1 conv, channel LayerNorm, 3x3 conv, channel LayerNorm, no
 * biases) to the prompt width. Parameters under {@code vision_encoder.}, Hugging Face's names.
 */
final class SamVisionEncoder {

    private static final String P = "vision_encoder";
    /** The neck's channel norms use transformers' SamLayerNorm default, whatever the config says. */
    private static final float NECK_EPS = 1e-6f;

    private final Parameters params;
    private final SamConfig.Vision config;
    private final Conv2d patchEmbed;
    private final Layer[] layers;
    private final Conv2d neck1;
    private final LayerNorm neckNorm1;
    private final Conv2d neck2;
    private final LayerNorm neckNorm2;
    private final NonLinearity activation;

    /** One pre-norm ViT block. */
    private record Layer(LayerNorm norm1, SamVisionAttention attention, int window, LayerNorm norm2, Linear lin1,
                         Linear lin2) {
    }

    SamVisionEncoder(Parameters params, SamConfig.Vision c) {
        this.params = params;
        this.config = c;
        this.activation = NonLinearity.of(c.hiddenAct());
        int width = c.hiddenSize();
        this.patchEmbed = new Conv2d(params, P + ".patch_embed.projection", c.numChannels(), width,
                ConvOptions.kernel(c.patchSize()).stride(c.patchSize()));
        if (c.useAbsPos()) {
            params.declare(P + ".pos_embed", new Shape(1, c.grid(), c.grid(), width), Init.normal(0.02));
        }
        float eps = (float) c.layerNormEps();
        this.layers = new Layer[c.numHiddenLayers()];
        for (int i = 0; i < layers.length; i++) {
            String p = P + ".layers." + i;
            int window = c.window(i);
            layers[i] = new Layer(new LayerNorm(params, p + ".layer_norm1", width, eps),
                    new SamVisionAttention(params, p + ".attn", c, window > 0 ? window : c.grid()), window,
                    new LayerNorm(params, p + ".layer_norm2", width, eps),
                    new Linear(params, p + ".mlp.lin1", width, c.mlpDim()),
                    new Linear(params, p + ".mlp.lin2", c.mlpDim(), width));
        }
        int out = c.outputChannels();
        this.neck1 = new Conv2d(params, P + ".neck.conv1", width, out, ConvOptions.kernel(1).noBias());
        this.neckNorm1 = new LayerNorm(params, P + ".neck.layer_norm1", out, NECK_EPS);
        this.neck2 = new Conv2d(params, P + ".neck.conv2", out, out, ConvOptions.kernel(3).padding(1).noBias());
        this.neckNorm2 = new LayerNorm(params, P + ".neck.layer_norm2", out, NECK_EPS);
    }

    /** pixels [B, 3, S, S] (SAM-normalised) -> image embeddings [B, C, g, g] */
    NDArray forward(NDArray pixels) {
        long s = config.imageSize();
        if (pixels.getShape().dimension() != 4 || pixels.getShape().get(2) != s || pixels.getShape().get(3) != s) {
            throw new IllegalArgumentException("SAM's image encoder takes [B, " + config.numChannels() + ", " + s + ", "
                    + s + "], got " + pixels.getShape());
        }
        NDArray x = patchEmbed.forward(pixels).transpose(0, 2, 3, 1);                    // [B, g, g, C]
        if (config.useAbsPos()) {
            x = x.add(params.get(P + ".pos_embed"));
        }
        for (Layer layer : layers) {
            NDArray h = layer.norm1().forward(x);
            h = layer.window() > 0 ? windowed(layer, h) : layer.attention().forward(h);
            x = x.add(h);
            NDArray m = layer.lin2().forward(activation.apply(layer.lin1().forward(layer.norm2().forward(x))));
            x = x.add(m);                                                                // [B, g, g, C]
        }
        NDArray y = neckNorm1.forwardChannels(neck1.forward(x.transpose(0, 3, 1, 2)));   // [B, C', g, g]
        return neckNorm2.forwardChannels(neck2.forward(y));                               // [B, C', g, g]
    }

    /** Attention within windows: pad the grid with zeros, cut, attend, reassemble, crop. */
    private static NDArray windowed(Layer layer, NDArray h) {
        long b = h.getShape().get(0), g = h.getShape().get(1), c = h.getShape().get(3);
        int w = layer.window();
        long pad = (w - g % w) % w;
        long gp = g + pad;
        NDArray x = h;
        if (pad > 0) {
            x = x.concat(x.getManager().zeros(new Shape(b, pad, g, c), x.getDataType()), 1);     // [B, gp, g, C]
            x = x.concat(x.getManager().zeros(new Shape(b, gp, pad, c), x.getDataType()), 2);    // [B, gp, gp, C]
        }
        long nw = gp / w;
        NDArray windows = x.reshape(b, nw, w, nw, w, c).transpose(0, 1, 3, 2, 4, 5)
                .reshape(b * nw * nw, w, w, c);                                                  // [B*nw*nw, w, w, C]
        NDArray out = layer.attention().forward(windows)
                .reshape(b, nw, nw, w, w, c).transpose(0, 1, 3, 2, 4, 5).reshape(b, gp, gp, c);  // [B, gp, gp, C]
        return pad > 0 ? out.get(new NDIndex(":, :{}, :{}, :", g, g)) : out;
    }
}
