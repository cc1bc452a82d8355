package org.refvlm.decoder.sam.model;

import ai.djl.ndarray.NDArray;
import org.refvlm.nn.Linear;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;

/**
 * SAM's prediction MLP: {@code proj_in}, then {@code depth - 2} hidden layers {@code layers.i},
 * then {@code proj_out}, ReLU between them (Hugging Face's names for the original
 * {@code layers.0 ... layers.depth-1}).
 */
final class SamFeedForward {

    private final Linear in;
    private final Linear[] hidden;
    private final Linear out;

    SamFeedForward(Parameters params, String prefix, int inDim, int hiddenDim, int outDim, int depth) {
        this.in = new Linear(params, Parameters.join(prefix, "proj_in"), inDim, hiddenDim);
        this.hidden = new Linear[depth - 2];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = new Linear(params, Parameters.join(prefix, "layers." + i), hiddenDim, hiddenDim);
        }
        this.out = new Linear(params, Parameters.join(prefix, "proj_out"), hiddenDim, outDim);
    }

    /** [..., in] -> [..., out] */
    NDArray forward(NDArray x) {
        NDArray h = NonLinearity.RELU.apply(in.forward(x));
        for (Linear layer : hidden) {
            h = NonLinearity.RELU.apply(layer.forward(h));
        }
        return out.forward(h);
    }
}
