package org.refvlm.decoder.sam.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.refvlm.tensor.safetensors.TensorInfo;
import org.refvlm.tensor.safetensors.TensorSource;

/**
 * A checkpoint seen with transformers' old misspelling {@code mask_decoder.upsacle_layer_norm}
 * read as {@code upscale_layer_norm}; every other name as it is. Closing it leaves the source open.
 */
final class MisspeltNames implements TensorSource {

    private static final String OLD = "mask_decoder.upsacle_layer_norm.", NEW = "mask_decoder.upscale_layer_norm.";

    private final TensorSource source;
    private final Map<String, String> original = new LinkedHashMap<>();   // name seen -> name in the source

    MisspeltNames(TensorSource source) {
        this.source = source;
        for (String name : source.names()) {
            original.put(name.startsWith(OLD) ? NEW + name.substring(OLD.length()) : name, name);
        }
    }

    @Override
    public Set<String> names() {
        return original.keySet();
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo info = source.info(original.getOrDefault(name, name));
        return new TensorInfo(name, info.dtype(), info.shape(), info.begin(), info.end());
    }

    @Override
    public NDArray load(String name, NDManager manager, DataType floatType) throws IOException {
        return source.load(original.getOrDefault(name, name), manager, floatType);
    }

    @Override
    public void close() {
        // the source belongs to the caller
    }
}
