package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the parameters the layers declare, in declaration order; the layers then read them
 * back by the same names at forward time.
 */
public final class ParameterLayout {

    private final List<ParameterSpec> specs = new ArrayList<>();

    /** A Linear layer {@code in -> out} with bias: {@code prefix.weight [out, in]}, {@code prefix.bias [out]}. */
    public void linear(String prefix, long in, long out) {
        add(prefix + ".weight", new Shape(out, in), ParameterSpec.Init.UNIFORM_FAN_IN, in);
        add(prefix + ".bias", new Shape(out), ParameterSpec.Init.UNIFORM_FAN_IN, in);
    }

    /** A square-kernel convolution {@code in -> out}: {@code prefix.weight [out, in, k, k]} and optionally a bias. */
    public void conv(String prefix, long in, long out, int kernel, boolean bias) {
        long fanIn = in * kernel * kernel;
        add(prefix + ".weight", new Shape(out, in, kernel, kernel), ParameterSpec.Init.UNIFORM_FAN_IN, fanIn);
        if (bias) {
            add(prefix + ".bias", new Shape(out), ParameterSpec.Init.UNIFORM_FAN_IN, fanIn);
        }
    }

    /** A LayerNorm or GroupNorm affine: {@code prefix.weight} ones, {@code prefix.bias} zeros, both {@code [channels]}. */
    public void norm(String prefix, long channels) {
        add(prefix + ".weight", new Shape(channels), ParameterSpec.Init.ONES, channels);
        add(prefix + ".bias", new Shape(channels), ParameterSpec.Init.ZEROS, channels);
    }

    /** A learned table {@code prefix.weight [rows, width]}, N(0, 1) like {@code nn.Embedding}. */
    public void embedding(String prefix, long rows, long width) {
        add(prefix + ".weight", new Shape(rows, width), ParameterSpec.Init.NORMAL, width);
    }

    private void add(String name, Shape shape, ParameterSpec.Init init, long fanIn) {
        for (ParameterSpec s : specs) {
            if (s.name().equals(name)) {
                throw new IllegalStateException("parameter declared twice: " + name);
            }
        }
        specs.add(new ParameterSpec(name, shape, init, fanIn));
    }

    public List<ParameterSpec> specs() {
        return Collections.unmodifiableList(specs);
    }

    /** Name to shape, in declaration order. */
    public Map<String, Shape> shapes() {
        Map<String, Shape> m = new LinkedHashMap<>();
        specs.forEach(s -> m.put(s.name(), s.shape()));
        return m;
    }
}
