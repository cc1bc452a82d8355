package org.refvlm.core.matching.internal;

import java.util.Arrays;

/**
 * One entry of a safetensors header.
 *
 * @param name tensor name
 * @param dtype dtype as written in the header, e.g. {@code F32}
 * @param shape dimensions, outermost first
 * @param begin start of the data, relative to the end of the header
 * @param end end (exclusive) of the data, relative to the end of the header
 */
public record SafetensorsTensor(String name, String dtype, long[] shape, long begin, long end) {

    public SafetensorsTensor {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int axis) {
        return shape[axis];
    }

    public long elementCount() {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        return count;
    }

    public long byteLength() {
        return end - begin;
    }

    /** Whether the dtype is one this minimal reader can widen to floating point. */
    public boolean isFloatingPoint() {
        return SafetensorsFile.isFloatingPoint(dtype);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SafetensorsTensor that && name.equals(that.name) && dtype.equals(that.dtype)
                && Arrays.equals(shape, that.shape) && begin == that.begin && end == that.end;
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + dtype.hashCode()) * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
