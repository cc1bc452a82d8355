package org.refvlm.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's parameters by name, owned by one manager. Trainability is per parameter: freezing
 * by prefix just clears {@code requiresGradient}, which is how the recipes freeze encoders and
 * the LLM while training other parts.
 */
public final class ParameterStore implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final Map<String, Boolean> trainable = new LinkedHashMap<>();

    public ParameterStore(NDManager manager) {
        this.manager = manager;
    }

    /** The manager owning every parameter (its device is the model's device). */
    public NDManager manager() {
        return manager;
    }

    public NDArray get(String name) {
        NDArray a = params.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'");
        }
        return a;
    }

    /** Null when absent. */
    public NDArray find(String name) {
        return params.get(name);
    }

    public boolean contains(String name) {
        return params.containsKey(name);
    }

    /** Adds or replaces a parameter (the old array is closed); new parameters start frozen. */
    public synchronized void put(String name, NDArray array) {
        array.attach(manager);
        array.setName(name);
        NDArray old = params.put(name, array);
        boolean train = trainable.getOrDefault(name, false);
        trainable.put(name, train);
        if (train) {
            array.setRequiresGradient(true);
        }
        if (old != null && old != array) {
            old.close();
        }
    }

    /** Read-only view, in insertion order. */
    public Map<String, NDArray> asMap() {
        return Collections.unmodifiableMap(params);
    }

    /** Marks every parameter whose name starts with {@code prefix} ("" = all) trainable or frozen. */
    public synchronized int setTrainable(String prefix, boolean train) {
        int n = 0;
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                if (trainable.get(e.getKey()) != train) {
                    e.getValue().setRequiresGradient(train);
                    trainable.put(e.getKey(), train);
                }
                n++;
            }
        }
        return n;
    }

    public boolean isTrainable(String name) {
        return trainable.getOrDefault(name, false);
    }

    /** Names of the trainable parameters. */
    public List<String> trainableNames() {
        List<String> l = new ArrayList<>();
        trainable.forEach((k, v) -> {
            if (v) {
                l.add(k);
            }
        });
        return l;
    }

    /** Total number of scalar parameters. */
    public long count() {
        long n = 0;
        for (NDArray a : params.values()) {
            n += a.size();
        }
        return n;
    }

    @Override
    public void close() {
        manager.close();
    }
}
