package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.refvlm.tensor.safetensors.TensorInfo;
import org.refvlm.tensor.safetensors.TensorSource;

/**
 * A tensor source seen under other names: how a model reads checkpoints written with its older
 * parameter names. Closing it does not close the source it renames.
 */
final class RenamedTensors implements TensorSource {

    private final TensorSource source;
    private final Map<String, String> original;  // new name -> name in the source

    private RenamedTensors(TensorSource source, Map<String, String> original) {
        this.source = source;
        this.original = original;
    }

    /**
     * @throws IOException naming both names when two of the source's names map to one
     */
    static TensorSource of(TensorSource source, UnaryOperator<String> rename) throws IOException {
        Map<String, String> original = new TreeMap<>();
        for (String name : source.names()) {
            String renamed = rename.apply(name);
            String clash = original.put(renamed, name);
            if (clash != null) {
                throw new IOException("tensors '" + clash + "' and '" + name + "' would both be read as '"
                        + renamed + "'");
            }
        }
        return new RenamedTensors(source, Collections.unmodifiableMap(original));
    }

    @Override
    public Set<String> names() {
        return original.keySet();
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo info = source.info(sourceName(name));
        return new TensorInfo(name, info.dtype(), info.shape(), info.begin(), info.end());
    }

    @Override
    public NDArray load(String name, NDManager manager, DataType floatType) throws IOException {
        return source.load(sourceName(name), manager, floatType);
    }

    private String sourceName(String name) {
        String s = original.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no tensor '" + name + "'");
        }
        return s;
    }

    @Override
    public void close() {
        // the renamed source belongs to the caller
    }
}
