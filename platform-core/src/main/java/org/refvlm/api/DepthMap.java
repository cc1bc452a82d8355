package org.refvlm.api;

import java.util.Arrays;

/** A dense depth map, row-major, one value per original-image pixel, in the decoder's units. */
public record DepthMap(int width, int height, float[] values) {

    public DepthMap {
        if (values.length != width * height) {
            throw new IllegalArgumentException(
                    "a depth map of " + width + "x" + height + " needs " + width * height + " values, got " + values.length);
        }
        values = values.clone();
    }

    public float at(int x, int y) {
        return values[y * width + x];
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DepthMap d && d.width == width && d.height == height && Arrays.equals(d.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "DepthMap[" + width + "x" + height + "]";
    }
}
