package org.refvlm.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Random weights for an encoder trained from nothing, drawn from the engine's generator (seed it
 * first): Normal(0, 0.02) matrices and kernels, norm scales 1, biases 0. A norm scale is any
 * one-dimensional {@code weight}: linear and convolution weights have two or more dimensions,
 * while norms are not always named so (ConvNeXt's {@code stem.1} and {@code downsample.0} are
 * LayerNorms; drawn as Normal(0, 0.02) they silenced the whole pyramid).
 */
public final class RandomWeights {

    private RandomWeights() {
    }

    /** One array per name, drawn in the map's order, on {@code manager}. */
    public static Map<String, NDArray> draw(Map<String, Shape> shapes, NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> {
            NDArray a;
            if (name.endsWith("bias")) {
                a = manager.zeros(shape);
            } else if (shape.dimension() == 1 && name.endsWith("weight")) {
                a = manager.ones(shape);
            } else if (name.endsWith("gamma")) {
                // ConvNeXt's layer scale. Its paper starts it at 1e-6 so that deep pretrained trunks
                // train stably; a random trunk of one or two blocks per stage that must learn from
                // nothing learns pattern and shape far faster with its blocks switched on (1.0).
                a = manager.ones(shape);
            } else {
                a = manager.randomNormal(0, 0.02f, shape, DataType.FLOAT32);
            }
            out.put(name, a);
        });
        return out;
    }
}
