package org.refvlm.encoder.convnext.internal;

import ai.djl.ndarray.NDArray;
import org.refvlm.encoder.convnext.ConvNextConfig;
import org.refvlm.tensor.Nn;
import org.refvlm.tensor.ParameterStore;

/**
 * One ConvNeXt block: depthwise 7x7 conv, channels-last LayerNorm, Linear 4x, GELU, Linear back,
 * layer scale gamma, residual. Drop path is identity at inference.
 */
final class ConvNextBlock {
    private ConvNextBlock() {
    }

    /** x [B, C, H, W] to the same shape. */
    static NDArray forward(NDArray x, ParameterStore params, String p, ConvNextConfig c) {
        long channels = x.getShape().get(1);
        NDArray y = Nn.conv2d(x, params.get(p + "conv_dw.weight"), params.get(p + "conv_dw.bias"), 1,
                c.kernelSize() / 2, (int) channels);
        y = y.transpose(0, 2, 3, 1); // [B, H, W, C]
        y = Nn.layerNorm(y, params.get(p + "norm.weight"), params.get(p + "norm.bias"), (float) c.eps());
        y = Nn.gelu(Nn.linear(y, params.get(p + "mlp.fc1.weight"), params.get(p + "mlp.fc1.bias"))); // [B, H, W, 4C]
        y = Nn.linear(y, params.get(p + "mlp.fc2.weight"), params.get(p + "mlp.fc2.bias")); // [B, H, W, C]
        if (c.layerScale()) {
            // gamma scales channels; applying it channels-last is the same product timm forms after permuting back.
            y = y.mul(params.get(p + "gamma"));
        }
        return x.add(y.transpose(0, 3, 1, 2));
    }
}
