package org.refvlm.tensor.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Tensor bytes held outside any engine: dtype, shape and little-endian data. Used by the writer. */
public record RawTensor(SafetensorsDType dtype, long[] shape, byte[] data) {

    public RawTensor {
        shape = shape.clone();
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        if (n * dtype.byteSize() != data.length) {
            throw new IllegalArgumentException("data has " + data.length + " bytes, shape " + Arrays.toString(shape)
                    + " x " + dtype + " needs " + n * dtype.byteSize());
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** F32 tensor from floats. */
    public static RawTensor ofFloats(long[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new RawTensor(SafetensorsDType.F32, shape, b.array());
    }

    /** I64 tensor from longs. */
    public static RawTensor ofLongs(long[] shape, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return new RawTensor(SafetensorsDType.I64, shape, b.array());
    }
}
