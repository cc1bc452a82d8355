package org.refvlm.data;

import java.util.Arrays;

/**
 * COCO run-length encoding: encode/decode against {@link BinaryMask}, and COCO's compressed string form
 * (the one pycocotools writes as {@code counts} in JSON). Written here from the description of the format:
 * runs are column-major, every run from the third on is stored as the difference to the run two before it,
 * and each number is written as 5-bit groups (low first) offset by 48, with bit 0x20 meaning "more groups
 * follow" and bit 0x10 of the last group carrying the sign.
 */
public final class CocoRle {
    private CocoRle() {
    }

    public static RleMask encode(BinaryMask mask) {
        return encode(mask, 0, 0, mask.width(), mask.height());
    }

    /**
     * Encodes a mask known to be empty outside the window [x0, x1) x [y0, y1), reading only the window's
     * columns: the synthetic world encodes several masks per scene and each object covers a small part.
     */
    public static RleMask encode(BinaryMask mask, int x0, int y0, int x1, int y1) {
        int h = mask.height(), w = mask.width();
        boolean[] px = mask.pixels();
        int[] runs = new int[16];
        int n = 0;
        boolean current = false;
        // whole empty columns before the window count as one stretch of background
        int run = Math.max(0, x0) * h;
        for (int x = Math.max(0, x0); x < Math.min(w, x1); x++) {
            for (int y = 0; y < h; y++) {
                boolean v = y >= y0 && y < y1 && px[y * w + x];
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
        int after = Math.max(0, w - Math.max(Math.max(0, x0), Math.min(w, x1))) * h;
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
        return new RleMask(h, w, Arrays.copyOf(runs, n));
    }

    public static BinaryMask decode(RleMask rle) {
        int h = rle.height(), w = rle.width();
        if (rle.coveredPixels() != (long) h * w) {
            throw new IllegalArgumentException("RLE runs cover " + rle.coveredPixels() + " pixels, mask has " + (long) h * w);
        }
        boolean[] px = new boolean[h * w];
        int pos = 0;
        int[] counts = rle.counts();
        for (int i = 0; i < counts.length; i++) {
            int c = counts[i];
            if (c < 0) {
                throw new IllegalArgumentException("negative run " + c + " at " + i);
            }
            if (i % 2 == 1) {
                for (int k = pos; k < pos + c; k++) {
                    int x = k / h, y = k % h;
                    px[y * w + x] = true;
                }
            }
            pos += c;
        }
        return new BinaryMask(w, h, px);
    }

    /** COCO's compressed counts string. */
    public static String toCompressedString(RleMask rle) {
        int[] cnts = rle.counts();
        StringBuilder sb = new StringBuilder(cnts.length * 2);
        for (int i = 0; i < cnts.length; i++) {
            long x = cnts[i];
            if (i > 2) {
                x -= cnts[i - 2];
            }
            boolean more = true;
            while (more) {
                int c = (int) (x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) {
                    c |= 0x20;
                }
                sb.append((char) (c + 48));
            }
        }
        return sb.toString();
    }

    /** Parses COCO's compressed counts string; throws {@link IllegalArgumentException} if it is malformed. */
    public static RleMask fromCompressedString(String s, int height, int width) {
        int[] cnts = new int[Math.max(1, s.length())];
        int m = 0, p = 0;
        while (p < s.length()) {
            long x = 0;
            int k = 0;
            boolean more = true;
            while (more) {
                if (p >= s.length()) {
                    throw new IllegalArgumentException("RLE string ends inside a number");
                }
                int c = s.charAt(p) - 48;
                if (c < 0 || c > 63) {
                    throw new IllegalArgumentException("bad RLE character '" + s.charAt(p) + "' at " + p);
                }
                x |= (long) (c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) {
                    x |= -1L << (5 * k);
                }
                if (k > 12) {
                    throw new IllegalArgumentException("RLE number too long at " + p);
                }
            }
            if (m > 2) {
                x += cnts[m - 2];
            }
            if (x < 0 || x > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("RLE run out of range: " + x);
            }
            cnts[m++] = (int) x;
        }
        return new RleMask(height, width, Arrays.copyOf(cnts, m));
    }
}
