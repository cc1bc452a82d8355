package org.refvlm.encoder.convnext.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.refvlm.encoder.convnext.ConvNextConfig;
import org.refvlm.nn.Conv2d;
import org.refvlm.nn.ConvOptions;
import org.refvlm.nn.Init;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.Linear;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;

/**
 * One ConvNeXt block: depthwise 7x7 conv, channels-last LayerNorm, Linear 4x, GELU, Linear back,
 * layer scale gamma, residual. Drop path is identity at inference.
 */
final class ConvNextBlock {
    /** timm's layer-scale initial value. */
    private static final float LAYER_SCALE_INIT = 1e-6f;

    private final Parameters params;
    private final Conv2d depthwise;
    private final LayerNorm norm;
    private final Linear fc1;
    private final Linear fc2;
    private final String gamma;  // null without layer scale

    ConvNextBlock(Parameters params, String prefix, int channels, ConvNextConfig c) {
        this.params = params;
        this.depthwise = new Conv2d(params, prefix + "conv_dw", channels, channels,
                ConvOptions.kernel(c.kernelSize()).padding(c.kernelSize() / 2).groups(channels));
        this.norm = new LayerNorm(params, prefix + "norm", channels, (float) c.eps());
        this.fc1 = new Linear(params, prefix + "mlp.fc1", channels, (long) c.mlpRatio() * channels);
        this.fc2 = new Linear(params, prefix + "mlp.fc2", (long) c.mlpRatio() * channels, channels);
        this.gamma = c.layerScale() ? prefix + "gamma" : null;
        if (gamma != null) {
            params.declare(gamma, new Shape(channels), Init.constant(LAYER_SCALE_INIT));
        }
    }

    /** x [B, C, H, W] to the same shape. */
    NDArray forward(NDArray x) {
        NDArray y = depthwise.forward(x).transpose(0, 2, 3, 1);                        // [B, H, W, C]
        y = fc2.forward(NonLinearity.GELU.apply(fc1.forward(norm.forward(y))));        // through [B, H, W, 4C]
        if (gamma != null) {
            // gamma scales channels; applying it channels-last is the same product timm forms after permuting back.
            y = y.mul(params.get(gamma));
        }
        return x.add(y.transpose(0, 3, 1, 2));
    }
}
