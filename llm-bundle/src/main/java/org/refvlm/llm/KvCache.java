package org.refvlm.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values of every layer for the positions processed so far, [B, Hkv, T, hd] each, on
 * the model's device. Owned by its own manager: close it when the sequence is done.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;

    public KvCache(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    public NDManager manager() {
        return manager;
    }

    /** Cached positions (0 when empty). */
    public int length() {
        return keys[0] == null ? 0 : (int) keys[0].getShape().get(2);
    }

    public NDArray keys(int layer) {
        return keys[layer];
    }

    public NDArray values(int layer) {
        return values[layer];
    }

    /** Replaces a layer's entries (the previous arrays are closed) and takes ownership. */
    public void set(int layer, NDArray k, NDArray v) {
        k.attach(manager);
        v.attach(manager);
        if (keys[layer] != null && keys[layer] != k) {
            keys[layer].close();
        }
        if (values[layer] != null && values[layer] != v) {
            values[layer].close();
        }
        keys[layer] = k;
        values[layer] = v;
    }

    @Override
    public void close() {
        manager.close();
    }
}
