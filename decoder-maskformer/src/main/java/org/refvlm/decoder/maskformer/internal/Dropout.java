package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Inverted dropout: in training, zero each element with probability {@code rate} and rescale the rest. */
public final class Dropout {

    private Dropout() {
    }

    public static NDArray apply(NDArray x, double rate, boolean training) {
        if (!training || rate == 0) {
            return x;
        }
        NDArray keep = x.getManager().randomUniform(0f, 1f, x.getShape()).gte((float) rate)
                .toType(DataType.FLOAT32, false);
        return EngineTensors.scale(x.mul(keep), 1 / (1 - rate));
    }
}
