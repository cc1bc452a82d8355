package org.refvlm.nn;

import ai.djl.ndarray.NDArray;

/**
 * A stack of Linear layers with a non-linearity between them (not after the last), parameters
 * {@code <prefix>.layers.<i>}, as DETR's {@code MLP} prediction heads: {@code in -> hidden -> ...
 * -> out}.
 */
public final class Mlp {

    private final Linear[] layers;
    private final NonLinearity activation;

    /**
     * @param count number of Linear layers, at least 1
     */
    public Mlp(Parameters params, String prefix, long in, long hidden, long out, int count, NonLinearity activation) {
        if (count < 1) {
            throw new IllegalArgumentException("an MLP needs at least one layer, got " + count);
        }
        this.activation = activation;
        this.layers = new Linear[count];
        for (int i = 0; i < count; i++) {
            long from = i == 0 ? in : hidden;
            long to = i == count - 1 ? out : hidden;
            layers[i] = new Linear(params, Parameters.join(prefix, "layers." + i), from, to);
        }
    }

    /** [..., in] -> [..., out] */
    public NDArray forward(NDArray x) {
        NDArray h = x;
        for (int i = 0; i < layers.length; i++) {
            h = layers[i].forward(h);
            if (i < layers.length - 1) {
                h = activation.apply(h);
            }
        }
        return h;
    }
}
