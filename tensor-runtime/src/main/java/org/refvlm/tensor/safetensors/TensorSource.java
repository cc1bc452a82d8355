package org.refvlm.tensor.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.util.Set;

/** Anything that serves named tensors: one safetensors file or a sharded checkpoint. */
public interface TensorSource extends AutoCloseable {

    /** All tensor names, in a stable (sorted) order. */
    Set<String> names();

    /** Header entry of a tensor; throws {@link IllegalArgumentException} for an unknown name. */
    TensorInfo info(String name);

    /**
     * Loads a tensor onto {@code manager}'s device. Floating tensors (F64, F32, F16, BF16) are
     * converted on the host to {@code floatType} (FLOAT32 or FLOAT16); with null they keep their
     * type, except BF16, which becomes FLOAT32 because DJL's PyTorch engine 0.36 aborts the JVM on
     * bfloat16 arrays. Integer and boolean tensors are returned as stored.
     */
    NDArray load(String name, NDManager manager, DataType floatType) throws IOException;

    /** {@code widenHalf} = load floats as FLOAT32; otherwise as stored (BF16 still widened). */
    default NDArray load(String name, NDManager manager, boolean widenHalf) throws IOException {
        return load(name, manager, widenHalf ? DataType.FLOAT32 : null);
    }

    @Override
    void close() throws IOException;
}
