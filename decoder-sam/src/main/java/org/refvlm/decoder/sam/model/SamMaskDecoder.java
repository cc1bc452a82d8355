package org.refvlm.decoder.sam.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.refvlm.nn.Constants;
import org.refvlm.nn.ConvOptions;
import org.refvlm.nn.ConvTranspose2d;
import org.refvlm.nn.Init;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.MatMul;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;

/**
 * SAM's mask decoder: an IoU token and {@code 1 + multimask} mask tokens are put before each
 * prompt's sparse tokens; the two-way transformer runs them against the image embedding (plus the
 * dense prompt); the image is upscaled 4x by two transposed convolutions, and each mask token,
 * through its own hypernetwork MLP, gives the weights of a dot product with the upscaled features:
 * one low-resolution mask logit map per token. The IoU token predicts each mask's quality. Names
 * under {@code mask_decoder.}.
 */
final class SamMaskDecoder {

    private static final String P = "mask_decoder";
    /** transformers' SamLayerNorm default, which the upscaling norm keeps whatever the config says. */
    private static final float UPSCALE_EPS = 1e-6f;

    private final Parameters params;
    private final SamConfig.MaskDecoder config;
    private final SamTwoWayTransformer transformer;
    private final ConvTranspose2d up1;
    private final LayerNorm upNorm;
    private final ConvTranspose2d up2;
    private final SamFeedForward[] hypernetworks;
    private final SamFeedForward iouHead;

    SamMaskDecoder(Parameters params, SamConfig.MaskDecoder c) {
        this.params = params;
        this.config = c;
        int d = c.hiddenSize();
        params.declare(P + ".iou_token.weight", new Shape(1, d), Init.normal(1));
        params.declare(P + ".mask_tokens.weight", new Shape(c.maskTokens(), d), Init.normal(1));
        this.transformer = new SamTwoWayTransformer(params, c);
        this.up1 = new ConvTranspose2d(params, P + ".upscale_conv1", d, d / 4, ConvOptions.kernel(2).stride(2));
        this.upNorm = new LayerNorm(params, P + ".upscale_layer_norm", d / 4, UPSCALE_EPS);
        this.up2 = new ConvTranspose2d(params, P + ".upscale_conv2", d / 4, d / 8, ConvOptions.kernel(2).stride(2));
        this.hypernetworks = new SamFeedForward[c.maskTokens()];
        for (int i = 0; i < hypernetworks.length; i++) {
            hypernetworks[i] = new SamFeedForward(params, P + ".output_hypernetworks_mlps." + i, d, d, d / 8, 3);
        }
        this.iouHead = new SamFeedForward(params, P + ".iou_prediction_head", d, c.iouHeadHiddenDim(),
                c.maskTokens(), c.iouHeadDepth());
    }

    /**
     * @param image    [B, C, g, g] image embeddings
     * @param imagePos [1, C, g, g] the image-wide position encoding
     * @param sparse   [B, P, N, C] each image's P prompts of N sparse tokens
     * @param dense    [B, C, g, g] the dense prompt embedding
     * @param multimask the three multimask outputs instead of the single one
     */
    SamModel.Masks forward(NDArray image, NDArray imagePos, NDArray sparse, NDArray dense, boolean multimask) {
        long b = image.getShape().get(0), c = image.getShape().get(1), g = image.getShape().get(2);
        long p = sparse.getShape().get(1), n = sparse.getShape().get(2);
        int m = config.maskTokens();
        NDArray output = Constants.alongside(sparse, params.get(P + ".iou_token.weight").concat(
                params.get(P + ".mask_tokens.weight"), 0));                              // [1 + M, C]
        NDArray tokens = output.broadcast(new Shape(b * p, 1 + m, c))
                .concat(sparse.reshape(b * p, n, c), 1);                                 // [BP, T, C]
        NDArray src = perPrompt(image.add(dense), p);                                    // [BP, C, g, g]
        NDArray keys = src.reshape(b * p, c, g * g).transpose(0, 2, 1);                  // [BP, gg, C]
        NDArray keyPos = imagePos.broadcast(new Shape(b * p, c, g, g))
                .reshape(b * p, c, g * g).transpose(0, 2, 1);                            // [BP, gg, C]
        SamTwoWayTransformer.Output out = transformer.forward(tokens, keys, keyPos);
        NDArray iouToken = out.tokens().get(new NDIndex(":, 0, :"));                     // [BP, C]
        NDArray maskTokens = out.tokens().get(new NDIndex(":, 1:{}, :", 1 + m));         // [BP, M, C]
        NDArray upscaled = out.image().transpose(0, 2, 1).reshape(b * p, c, g, g);
        upscaled = NonLinearity.GELU.apply(upNorm.forwardChannels(up1.forward(upscaled)));
        upscaled = NonLinearity.GELU.apply(up2.forward(upscaled));                       // [BP, C/8, 4g, 4g]
        NDList hyper = new NDList(m);
        for (int i = 0; i < m; i++) {
            hyper.add(hypernetworks[i].forward(maskTokens.get(new NDIndex(":, {}, :", i))));   // [BP, C/8]
        }
        long side = 4 * g;
        NDArray masks = MatMul.of(NDArrays.stack(hyper, 1), upscaled.reshape(b * p, c / 8, side * side))
                .reshape(b, p, m, side, side);                                           // [B, P, M, 4g, 4g]
        NDArray iou = iouHead.forward(iouToken).reshape(b, p, m);                        // [B, P, M]
        String chosen = multimask ? "1:" : "0:1";
        return new SamModel.Masks(masks.get(new NDIndex(":, :, " + chosen)), iou.get(new NDIndex(":, :, " + chosen)));
    }

    /** [B, ...] -> [B * P, ...], each image repeated for its P prompts */
    private static NDArray perPrompt(NDArray x, long p) {
        if (p == 1) {
            return x;
        }
        Shape s = x.getShape();
        long[] expanded = new long[s.dimension() + 1];
        expanded[0] = s.get(0);
        expanded[1] = p;
        for (int i = 1; i < s.dimension(); i++) {
            expanded[i + 1] = s.get(i);
        }
        long[] flat = s.getShape().clone();
        flat[0] = s.get(0) * p;
        return x.expandDims(1).broadcast(new Shape(expanded)).reshape(new Shape(flat));
    }
}
