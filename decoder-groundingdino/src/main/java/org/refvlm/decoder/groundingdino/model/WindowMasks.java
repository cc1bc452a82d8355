package org.refvlm.decoder.groundingdino.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.refvlm.nn.Constants;

/** The shifted-window attention mask of Swin and a row gather with gradients. */
final class WindowMasks {

    /** Swin's value for a pair of tokens from different regions of a shifted window. */
    private static final float APART = -100f;
    private static final Map<String, float[]> CACHE = new ConcurrentHashMap<>();

    private WindowMasks() {
    }

    /**
     * After a cyclic shift by {@code shift}, a window may hold tokens from up to four regions of
     * the padded {@code hp x wp} grid that were not neighbours; they must not attend to each other.
     *
     * @return [nW, n, n]: 0 within a region, -100 across, windows in raster order
     */
    static NDArray shifted(NDManager m, int hp, int wp, int win, int shift) {
        float[] mask = CACHE.computeIfAbsent(hp + "x" + wp + "/" + win + "/" + shift,
                k -> compute(hp, wp, win, shift));
        int n = win * win;
        return Constants.of(m, mask, new Shape((long) (hp / win) * (wp / win), n, n));
    }

    private static float[] compute(int hp, int wp, int win, int shift) {
        int[][] region = new int[hp][wp];
        for (int y = 0; y < hp; y++) {
            for (int x = 0; x < wp; x++) {
                region[y][x] = band(y, hp, win, shift) * 3 + band(x, wp, win, shift);
            }
        }
        int n = win * win;
        int rows = hp / win;
        int cols = wp / win;
        float[] out = new float[rows * cols * n * n];
        for (int wy = 0; wy < rows; wy++) {
            for (int wx = 0; wx < cols; wx++) {
                int base = (wy * cols + wx) * n * n;
                for (int i = 0; i < n; i++) {
                    int ri = region[wy * win + i / win][wx * win + i % win];
                    for (int j = 0; j < n; j++) {
                        int rj = region[wy * win + j / win][wx * win + j % win];
                        out[base + i * n + j] = ri == rj ? 0f : APART;
                    }
                }
            }
        }
        return out;
    }

    /** Swin's three bands along an axis: [0, size-win), [size-win, size-shift), [size-shift, size). */
    private static int band(int i, int size, int win, int shift) {
        if (i < size - win) {
            return 0;
        }
        return i < size - shift ? 1 : 2;
    }

    /** out[i][j] = table[index[i][j]][j] (torch.gather on axis 0), differentiable in {@code table}. */
    static NDArray gatherRows(NDArray table, NDArray index) {
        // the result would land in the parameter's manager; it belongs with the request's arrays
        return Constants.alongside(index, table.gather(index, 0));
    }
}
