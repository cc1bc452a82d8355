package org.refvlm.decoder.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.ImageFrame;

/** Fixed random inputs for a tiny decoder: host copies, so each test step can rebuild them in its own scope. */
final class TinyBatch {

    /** Two levels, a 16x16 map and an 8x8 one, so the resize to the first level's grid is used. */
    static DetrDecoderConfig config(double dropout) {
        return DetrDecoderConfig.builder().queryInputDim(24).numQueries(6).featureLevels(List.of("stride8", "vit"))
                .featureDims(List.of(8, 12)).dModel(32).layers(2).heads(2).ffnDim(64).dropout(dropout).build();
    }

    final int batch;
    final int length;
    final int width;
    final float[] queries;
    final boolean[] mask;
    final float[] grid;
    final float[] tokens;
    final List<ImageFrame> frames;

    TinyBatch(DetrDecoderConfig config, long seed, boolean[] mask, List<ImageFrame> frames) {
        this.batch = frames.size();
        this.length = config.numQueries();
        this.width = config.queryInputDim();
        Random random = new Random(seed);
        this.queries = gaussian(random, batch * length * width);
        this.mask = mask.clone();
        this.grid = gaussian(random, batch * 8 * 16 * 16);
        this.tokens = gaussian(random, batch * 64 * 12);
        this.frames = List.copyOf(frames);
    }

    static float[] gaussian(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** The batch as engine arrays on {@code manager}. */
    DecoderInput input(NDManager manager) {
        return input(manager, queries);
    }

    DecoderInput input(NDManager manager, float[] queryValues) {
        NDArray q = manager.create(queryValues, new Shape(batch, length, width));              // [B, L, D]
        NDArray m = manager.create(mask, new Shape(batch, length));                           // [B, L]
        NDArray g = manager.create(grid, new Shape(batch, 8, 16, 16));                        // [B, 8, 16, 16]
        NDArray t = manager.create(tokens, new Shape(batch, 64, 12))
                .transpose(0, 2, 1).reshape(batch, 12, 8, 8);                                 // [B, 12, 8, 8]
        return new DecoderInput(q, m, Map.of("stride8", g, "vit", t), frames);
    }
}
