package org.refvlm.decoder.maskformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.refvlm.api.CocoRle;
import org.refvlm.api.MaskUnit;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.ImageFrame;

/**
 * A tiny decoder and batch for tests: d 32, 2 layers, stem 8x8, laterals 16x16 and 32x32; two
 * samples of 64x48 and 48x64 pixels (so both have padding in the square), 4 query slots of
 * which 2 and 1 are real.
 */
final class TinyMasks {

    static final int D = 16;
    static final int L = 4;
    static final List<ImageFrame> FRAMES = List.of(new ImageFrame(64, 48), new ImageFrame(48, 64));
    static final boolean[] REAL = {true, true, false, false, true, false, false, false};

    /**
     * A {@code config.json} that names only the components every MaskFormer folder has had, none
     * of the options added since: what an older folder holds.
     */
    static final String BASE_CONFIG_JSON = "{\"queryInputDim\":16,\"numQueries\":4,\"lateralLevels\":[\"stride8\"],"
            + "\"lateralDims\":[8],\"stemLevel\":\"vit\",\"stemDim\":16,\"dModel\":32,\"layers\":2,\"heads\":4,"
            + "\"ffnDim\":64,\"dropout\":0.1,\"focalWeight\":20,\"diceWeight\":1,\"normGroups\":8}";

    private TinyMasks() {
    }

    static MaskFormerDecoderConfig config() {
        return config(false);
    }

    /** The tiny decoder, with Mask2Former's masked attention or MaskFormer's stem memory. */
    static MaskFormerDecoderConfig config(boolean maskedAttention) {
        return MaskFormerDecoderConfig.builder().queryInputDim(D).numQueries(L).lateralLevels(List.of("stride8", "stride16"))
                .lateralDims(List.of(8, 12)).stemLevel("vit").stemDim(16).dModel(32).layers(2).heads(4).ffnDim(64)
                .normGroups(8).maskedAttention(maskedAttention).build();
    }

    static float[] random(Random r, long n) {
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    static NDArray random(NDManager m, Random r, Shape s) {
        return m.create(random(r, s.size()), s);
    }

    /** Features: stride8 [2, 8, 32, 32], stride16 [2, 12, 16, 16], vit [2, 16, 8, 8]. */
    static Map<String, NDArray> features(NDManager m, long seed) {
        Random r = new Random(seed);
        return Map.of("stride8", random(m, r, new Shape(2, 8, 32, 32)),
                "stride16", random(m, r, new Shape(2, 12, 16, 16)),
                "vit", random(m, r, new Shape(2, 16, 8, 8)));
    }

    static DecoderInput input(NDManager m, long seed) {
        Random r = new Random(seed + 1);
        NDArray queries = random(m, r, new Shape(2, L, D));
        // padding slots are zero, as the router fills them
        queries = queries.mul(m.create(REAL, new Shape(2, L)).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                .expandDims(2));
        return new DecoderInput(queries, m.create(REAL, new Shape(2, L)), features(m, seed), FRAMES);
    }

    static MaskUnit rectangle(ImageFrame f, int x0, int y0, int x1, int y1) {
        boolean[] mask = new boolean[f.width() * f.height()];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                mask[y * f.width() + x] = true;
            }
        }
        return new MaskUnit(CocoRle.encode(mask, f.height(), f.width()), 1);
    }

    static MaskUnit disc(ImageFrame f, double cx, double cy, double radius) {
        boolean[] mask = new boolean[f.width() * f.height()];
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                mask[y * f.width() + x] = dx * dx + dy * dy <= radius * radius;
            }
        }
        return new MaskUnit(CocoRle.encode(mask, f.height(), f.width()), 1);
    }

    static double iou(CocoRle a, CocoRle b) {
        boolean[] x = a.decode(), y = b.decode();
        int inter = 0, union = 0;
        for (int i = 0; i < x.length; i++) {
            inter += x[i] && y[i] ? 1 : 0;
            union += x[i] || y[i] ? 1 : 0;
        }
        return union == 0 ? 1 : (double) inter / union;
    }
}
