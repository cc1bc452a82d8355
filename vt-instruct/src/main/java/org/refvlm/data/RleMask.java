package org.refvlm.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A binary mask as COCO run-length encoding: runs over the pixels in column-major order (down each column,
 * then the next column), alternating background / foreground and starting with background. In JSON it is
 * written in COCO's compressed string form, {@code {"size":[h,w],"counts":"..."}}; see {@link CocoRle}.
 */
public record RleMask(int height, int width, int[] counts) {
    public RleMask {
        Objects.requireNonNull(counts, "counts");
        if (height < 0 || width < 0) {
            throw new IllegalArgumentException("negative mask size " + height + "x" + width);
        }
    }

    /** Number of foreground pixels. */
    public long area() {
        long a = 0;
        for (int i = 1; i < counts.length; i += 2) {
            a += counts[i];
        }
        return a;
    }

    /** Sum of all runs; a well-formed mask covers exactly height * width pixels. */
    public long coveredPixels() {
        long s = 0;
        for (int c : counts) {
            s += c;
        }
        return s;
    }

    /** Tight box around the foreground, or null for an empty mask. Same convention as COCO's toBbox. */
    public Box bounds() {
        long pos = 0;
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        for (int i = 0; i < counts.length; i++) {
            long start = pos;
            pos += counts[i];
            if (i % 2 == 1 && counts[i] > 0 && height > 0) {
                long end = pos - 1;
                int x0 = (int) (start / height), y0 = (int) (start % height);
                int x1 = (int) (end / height), y1 = (int) (end % height);
                minX = Math.min(minX, x0);
                maxX = Math.max(maxX, x1);
                if (x0 == x1) {
                    minY = Math.min(minY, y0);
                    maxY = Math.max(maxY, y1);
                } else {
                    // the run wraps a column boundary, so it touches both the top and bottom rows
                    minY = 0;
                    maxY = height - 1;
                }
            }
        }
        return maxX < 0 ? null : new Box(minX, minY, maxX + 1, maxY + 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RleMask m && m.height == height && m.width == width && Arrays.equals(m.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "RleMask[" + height + "x" + width + ", runs=" + counts.length + ", area=" + area() + "]";
    }
}
