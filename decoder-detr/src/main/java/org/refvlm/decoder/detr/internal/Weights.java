package org.refvlm.decoder.detr.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The decoder's parameters by name, all owned by one manager, created with PyTorch's default
 * initialisation from one seeded generator. Layers keep only names and look their tensors up at
 * every forward, so the table is the single place that holds weights (save, load, the trainer).
 */
public final class Weights {

    private final NDManager manager;
    private final Random random;
    private final Map<String, NDArray> tensors = new LinkedHashMap<>();

    public Weights(NDManager manager, long seed) {
        this.manager = manager;
        this.random = new Random(seed);
    }

    public NDManager manager() {
        return manager;
    }

    /** U(-1/sqrt(fanIn), 1/sqrt(fanIn)): what torch.nn.Linear's kaiming_uniform(a=sqrt 5) amounts to, weight and bias alike. */
    public void uniform(String name, Shape shape, long fanIn) {
        float bound = (float) (1 / Math.sqrt(fanIn));
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (random.nextFloat() * 2 - 1) * bound;
        }
        register(name, manager.create(values, shape));
    }

    /** N(0, 1), as torch.nn.Embedding initialises its table. */
    public void normal(String name, Shape shape) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        register(name, manager.create(values, shape));
    }

    /** A constant tensor (LayerNorm's ones and zeros). */
    public void constant(String name, Shape shape, float value) {
        register(name, manager.full(shape, value));
    }

    private void register(String name, NDArray array) {
        if (tensors.containsKey(name)) {
            throw new IllegalStateException("parameter '" + name + "' defined twice");
        }
        array.setName(name);
        tensors.put(name, array);
    }

    public NDArray get(String name) {
        NDArray array = tensors.get(name);
        if (array == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'");
        }
        return array;
    }

    /** Read-only view in definition order. */
    public Map<String, NDArray> asMap() {
        return Collections.unmodifiableMap(tensors);
    }

    /** Expected shapes by name, for checking a checkpoint. */
    public Map<String, Shape> shapes() {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        tensors.forEach((name, array) -> shapes.put(name, array.getShape()));
        return shapes;
    }
}
