package org.refvlm.tensor.safetensors;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * One header entry: name, element type, shape and the byte range inside the data section
 * (offsets relative to the first byte after the header, as the format defines them).
 */
public record TensorInfo(String name, SafetensorsDType dtype, long[] shape, long begin, long end) {

    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The shape as a DJL {@link Shape}. */
    public Shape djlShape() {
        return new Shape(shape);
    }

    /** Number of elements (1 for a scalar of shape []). */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Byte length of the data. */
    public long byteLength() {
        return end - begin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && t.name.equals(name) && t.dtype == dtype
                && Arrays.equals(t.shape, shape) && t.begin == begin && t.end == end;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + " @[" + begin + "," + end + ")";
    }
}
