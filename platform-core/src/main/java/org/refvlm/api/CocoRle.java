package org.refvlm.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A binary mask in COCO's run-length encoding: runs over the pixels in column-major order
 * (down each column, then the next column), starting with a run of zeros, which may be empty.
 * {@link #toCompactString()} gives COCO's compressed {@code counts} string.
 */
public record CocoRle(int height, int width, int[] counts) {

    public CocoRle {
        if (height < 0 || width < 0) {
            throw new IllegalArgumentException("mask size must not be negative: " + height + "x" + width);
        }
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("RLE run " + i + " is negative: " + counts[i]);
            }
            total += counts[i];
        }
        if (total != (long) height * width) {
            throw new IllegalArgumentException("RLE runs cover " + total + " pixels, the mask has "
                    + ((long) height * width));
        }
        counts = counts.clone();
    }

    /** Encodes a row-major mask: {@code mask[y * width + x]}. */
    public static CocoRle encode(boolean[] mask, int height, int width) {
        if (mask.length != height * width) {
            throw new IllegalArgumentException("mask has " + mask.length + " pixels, expected " + height * width);
        }
        List<Integer> runs = new ArrayList<>();
        boolean current = false;
        int run = 0;
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                boolean v = mask[y * width + x];
                if (v != current) {
                    runs.add(run);
                    run = 0;
                    current = v;
                }
                run++;
            }
        }
        runs.add(run);
        return new CocoRle(height, width, runs.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The row-major mask. */
    public boolean[] decode() {
        boolean[] mask = new boolean[height * width];
        int p = 0;
        boolean v = false;
        for (int run : counts) {
            for (int i = 0; i < run; i++, p++) {
                int x = p / height;
                int y = p % height;
                mask[y * width + x] = v;
            }
            v = !v;
        }
        return mask;
    }

    /** Pixels inside the mask. */
    public long area() {
        long a = 0;
        for (int i = 1; i < counts.length; i += 2) {
            a += counts[i];
        }
        return a;
    }

    /**
     * COCO's compressed form: each run (after the second, as the difference to the run two
     * before) as a little-endian sequence of 5-bit groups, each stored as a character from 48.
     */
    public String toCompactString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < counts.length; i++) {
            long x = counts[i];
            if (i > 2) {
                x -= counts[i - 2];
            }
            boolean more = true;
            while (more) {
                long c = x & 0x1f;
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) {
                    c |= 0x20;
                }
                s.append((char) (c + 48));
            }
        }
        return s.toString();
    }

    /**
     * @throws IllegalArgumentException when the string is not a valid compressed RLE for this size
     */
    public static CocoRle fromCompactString(String s, int height, int width) {
        List<Long> runs = new ArrayList<>();
        int p = 0;
        while (p < s.length()) {
            long x = 0;
            int k = 0;
            boolean more = true;
            while (more) {
                if (p >= s.length()) {
                    throw new IllegalArgumentException("compressed RLE ends inside a run at character " + p);
                }
                long c = s.charAt(p) - 48;
                if (c < 0 || c > 63) {
                    throw new IllegalArgumentException("compressed RLE has an invalid character at " + p);
                }
                x |= (c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) {
                    x |= -1L << (5 * k);
                }
            }
            int i = runs.size();
            if (i > 2) {
                x += runs.get(i - 2);
            }
            runs.add(x);
        }
        int[] counts = new int[runs.size()];
        for (int i = 0; i < counts.length; i++) {
            long r = runs.get(i);
            if (r < 0 || r > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("compressed RLE run " + i + " is out of range: " + r);
            }
            counts[i] = (int) r;
        }
        return new CocoRle(height, width, counts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CocoRle r && r.height == height && r.width == width && Arrays.equals(r.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "CocoRle[" + height + "x" + width + ", " + counts.length + " runs, area " + area() + "]";
    }
}
