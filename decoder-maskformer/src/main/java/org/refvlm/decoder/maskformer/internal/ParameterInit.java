package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Creates the parameters of a layout with PyTorch's default initialisation, reproducibly: each
 * parameter draws from its own generator seeded by the model seed and its name, so adding a
 * parameter never changes the values of the others.
 */
public final class ParameterInit {

    private ParameterInit() {
    }

    public static Map<String, NDArray> create(ParameterLayout layout, NDManager manager, long seed) {
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (ParameterSpec spec : layout.specs()) {
            float[] values = values(spec, seed);
            NDArray array = EngineTensors.constant(manager, values, spec.shape());
            array.setName(spec.name());
            params.put(spec.name(), array);
        }
        return params;
    }

    static float[] values(ParameterSpec spec, long seed) {
        int n = Math.toIntExact(spec.shape().size());
        float[] v = new float[n];
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + nameHash(spec.name()));
        switch (spec.init()) {
            case UNIFORM_FAN_IN -> {
                double bound = 1.0 / Math.sqrt(spec.fanIn());
                for (int i = 0; i < n; i++) {
                    v[i] = (float) random.nextDouble(-bound, bound);
                }
            }
            case NORMAL -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) random.nextGaussian();
                }
            }
            case ONES -> java.util.Arrays.fill(v, 1f);
            case ZEROS -> {
                // already zero
            }
        }
        return v;
    }

    /** A 64-bit FNV-1a hash: String.hashCode's 32 bits collide too easily across many names. */
    private static long nameHash(String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
