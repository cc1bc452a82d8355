package org.refvlm.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A binary mask in COCO's run-length encoding: runs over the pixels in column-major order
 * (down each column, then the next column), starting with a run of zeros, which may be empty.
 * {@link #toCompactString()} gives COCO's compressed {@code counts} string; an uncompressed {@code counts}
 * array is the constructor's {@code counts}.
 */
public record CocoRle(int height, int width, int[] counts) {

    /**
     * Most 5-bit groups one number of the compressed form may take: 7 hold any run or difference of runs,
     * and past 12 the shifts that assemble the number would wrap around.
     */
    private static final int MAX_GROUPS = 12;

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
        return encode(mask, height, width, 0, 0, width, height);
    }

    /**
     * Encodes a row-major mask that is known to be empty outside the window {@code [x0, x1) x [y0, y1)},
     * reading only the window's pixels: a scene with many small objects encodes each object's mask in time
     * proportional to its box rather than to the image. Pixels set outside the window are not encoded. The
     * window may reach past the image; an empty window ({@code x1 <= x0}) gives the empty mask.
     *
     * @throws IllegalArgumentException when {@code mask} does not have {@code height * width} pixels
     */
    public static CocoRle encode(boolean[] mask, int height, int width, int x0, int y0, int x1, int y1) {
        if (height < 0 || width < 0 || mask.length != (long) height * width) {
            throw new IllegalArgumentException("mask has " + mask.length + " pixels, expected " + height + "x" + width);
        }
        int fromX = Math.max(0, x0);
        int toX = Math.max(fromX, Math.min(width, x1));
        int[] runs = new int[16];
        int n = 0;
        boolean current = false;
        // the whole columns before the window are one stretch of background
        int run = fromX * height;
        for (int x = fromX; x < toX; x++) {
            for (int y = 0; y < height; y++) {
                boolean v = y >= y0 && y < y1 && mask[y * width + x];
                if (v != current) {
                    if (n == runs.length) {
                        runs = Arrays.copyOf(runs, n * 2);
                    }
                    runs[n++] = run;
                    run = 0;
                    current = v;
                }
                run++;
            }
        }
        int after = (width - toX) * height; // the columns after the window: background too
        if (current && after > 0) {
            if (n == runs.length) {
                runs = Arrays.copyOf(runs, n + 1);
            }
            runs[n++] = run;
            run = 0;
        }
        run += after;
        if (n == runs.length) {
            runs = Arrays.copyOf(runs, n + 1);
        }
        runs[n++] = run;
        return new CocoRle(height, width, Arrays.copyOf(runs, n));
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
     * The tight box around the mask's pixels as {@code {x0, y0, x1, y1}}, {@code x1} and {@code y1} exclusive:
     * the corners of COCO's {@code toBbox} {@code [x, y, w, h]}. Computed from the runs without decoding.
     *
     * @return the box, or empty for a mask without pixels
     */
    public Optional<int[]> bounds() {
        long pos = 0;
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int i = 0; i < counts.length; i++) {
            long start = pos;
            pos += counts[i];
            if (i % 2 == 1 && counts[i] > 0) {
                long end = pos - 1;
                int startX = (int) (start / height);
                int endX = (int) (end / height);
                minX = Math.min(minX, startX);
                maxX = Math.max(maxX, endX);
                if (startX == endX) {
                    minY = Math.min(minY, (int) (start % height));
                    maxY = Math.max(maxY, (int) (end % height));
                } else {
                    // the run wraps into the next column, so it touches both the top and the bottom row
                    minY = 0;
                    maxY = height - 1;
                }
            }
        }
        return maxX < 0 ? Optional.empty() : Optional.of(new int[] {minX, minY, maxX + 1, maxY + 1});
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
     * Reads COCO's compressed form, as pycocotools writes it in JSON.
     *
     * @throws IllegalArgumentException when the string is not a valid compressed RLE for this size; the
     *     message names the character or run at fault
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
                    throw new IllegalArgumentException("compressed RLE has an invalid character '" + s.charAt(p)
                            + "' at " + p);
                }
                if (k == MAX_GROUPS) {
                    // more 5-bit groups than a 64-bit number holds: the shift below would wrap around
                    throw new IllegalArgumentException("compressed RLE run " + runs.size() + " is longer than "
                            + MAX_GROUPS + " characters at " + p);
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
