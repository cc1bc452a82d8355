package org.refvlm.it.dotmask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.CocoRle;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;

/**
 * The decoder learns two discs of one phrase group (matching may give either query either disc)
 * on a 40x30 image, and a saved decoder folder loads back decoding the same masks.
 */
class DotMaskDecoderTest {

    private static final ImageFrame FRAME = new ImageFrame(40, 30);
    private static final int GRID = 16, D = 8;

    private static DotMaskConfig config() {
        return new DotMaskConfig(D, 3, "stride4", 4, 8);
    }

    /** Features a disc is linearly separable in: x, y, x^2 + y^2 and 1 per cell of the square. */
    private static DecoderInput input(NDManager m) {
        float[] f = new float[4 * GRID * GRID];
        for (int y = 0; y < GRID; y++) {
            for (int x = 0; x < GRID; x++) {
                float u = (x + 0.5f) / GRID, v = (y + 0.5f) / GRID;
                int i = y * GRID + x;
                f[i] = u;
                f[GRID * GRID + i] = v;
                f[2 * GRID * GRID + i] = u * u + v * v;
                f[3 * GRID * GRID + i] = 1;
            }
        }
        Random r = new Random(1);
        float[] q = new float[3 * D];
        for (int i = 0; i < 2 * D; i++) { // two real queries, the third is padding (zeros)
            q[i] = (float) r.nextGaussian();
        }
        return new DecoderInput(m.create(q, new Shape(1, 3, D)), m.create(new boolean[] {true, true, false}, new Shape(1, 3)),
                Map.of("stride4", m.create(f, new Shape(1, 4, GRID, GRID))), List.of(FRAME));
    }

    private static MaskUnit disc(double cx, double cy, double radius) {
        boolean[] mask = new boolean[FRAME.width() * FRAME.height()];
        for (int y = 0; y < FRAME.height(); y++) {
            for (int x = 0; x < FRAME.width(); x++) {
                double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                mask[y * FRAME.width() + x] = dx * dx + dy * dy <= radius * radius;
            }
        }
        return new MaskUnit(CocoRle.encode(mask, FRAME.height(), FRAME.width()), 1);
    }

    private static double iou(CocoRle a, CocoRle b) {
        boolean[] x = a.decode(), y = b.decode();
        int inter = 0, union = 0;
        for (int i = 0; i < x.length; i++) {
            inter += x[i] && y[i] ? 1 : 0;
            union += x[i] || y[i] ? 1 : 0;
        }
        return union == 0 ? 0 : (double) inter / union;
    }

    @Test
    void learnsTwoDiscsOfOneGroup() {
        try (NDManager m = NDManager.newBaseManager(); DotMaskDecoder decoder = new DotMaskDecoder(config(), m, 7)) {
            DecoderInput input = input(m);
            List<DecodedUnit> discs = List.of(disc(10, 10, 7), disc(28, 18, 8));
            List<TargetGroup> targets = List.of(new TargetGroup(0, new int[] {0, 1}, discs));
            Map<String, NDArray> params = decoder.parameters();
            params.values().forEach(p -> p.setRequiresGradient(true));
            Map<String, NDArray> m1 = new java.util.HashMap<>(), m2 = new java.util.HashMap<>();
            params.forEach((name, p) -> {
                m1.put(name, p.zerosLike());
                m2.put(name, p.zerosLike());
            });
            float first = 0, last = 0;
            for (int step = 0; step < 300; step++) {
                try (NDScope scope = new NDScope()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = decoder.loss(input, targets);
                        last = loss.getFloat();
                        gc.backward(loss);
                    }
                    float c1 = (float) (1 - Math.pow(0.9, step + 1)), c2 = (float) (1 - Math.pow(0.999, step + 1));
                    params.forEach((name, p) -> { // Adam, in place (forward-only maths: plain mul is fine here)
                        NDArray g = p.getGradient();
                        m1.get(name).muli(0.9f).addi(g.mul(0.1f));
                        m2.get(name).muli(0.999f).addi(g.square().mul(0.001f));
                        p.subi(m1.get(name).div(c1).div(m2.get(name).div(c2).sqrt().add(1e-8f)).mul(0.05f));
                        g.subi(g);
                    });
                    scope.suppressNotUsedWarning();
                }
                first = step == 0 ? last : first;
            }
            assertTrue(last < first / 3, "loss " + first + " -> " + last);
            List<DecodedUnit> out = decoder.decode(input).get(0);
            assertEquals(2, out.size(), "one mask per real query");
            for (DecodedUnit target : discs) {
                CocoRle t = ((MaskUnit) target).mask();
                double best = Math.max(iou(((MaskUnit) out.get(0)).mask(), t), iou(((MaskUnit) out.get(1)).mask(), t));
                assertTrue(best > 0.6, "IoU " + best);
            }
        }
    }

    @Test
    void savedFolderDecodesTheSame(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager(); DotMaskDecoder decoder = new DotMaskDecoder(config(), m, 3)) {
            decoder.saveFolder(dir);
            try (DotMaskDecoder loaded = DotMaskDecoder.loadFolder(dir, m)) {
                assertEquals(config(), loaded.config());
                DecoderInput input = input(m);
                assertEquals(decoder.decode(input), loaded.decode(input));
                MaskUnit mask = (MaskUnit) loaded.decode(input).get(0).get(0);
                assertEquals(FRAME.width(), mask.mask().width());
                assertEquals(FRAME.height(), mask.mask().height());
            }
        }
    }
}
