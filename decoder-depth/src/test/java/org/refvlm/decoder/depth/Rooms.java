package org.refvlm.decoder.depth;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.refvlm.api.DepthMap;
import org.refvlm.api.DepthUnit;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;

/**
 * A batch of tiny rooms in the synthetic world's manner: a back wall whose depth runs from 12 m at
 * the top row to 6 m at the bottom, and one square standing in front of it at 1 to 5 m. The feature
 * pyramid marks them as an encoder would, with noise: a channel that is the row's tone, a channel
 * that is on inside the square, one that tells how near the square is (its log depth, but only
 * inside it) and noise channels; stride8 is stride4 averaged 2x2. Depth is thus recoverable from
 * the features, but the network must combine them. The {@code <REF>} embeddings are noise, new for
 * every batch. Images are 64x48 or 48x64 (so the padded square has padding), and about 5% of the
 * truth's pixels are unknown (0).
 */
final class Rooms {

    static final int SIDE = 64, CELLS = 16, C4 = 6, C8 = 6, D = 8;

    final List<ImageFrame> frames = new ArrayList<>();
    final List<DepthMap> truths = new ArrayList<>();
    /** Per image, the depth a model that sees only the wall would give (for the test's baseline). */
    final List<DepthMap> wallOnly = new ArrayList<>();
    /** Per image, the picture: a grey wall getting lighter downwards, the square in a colour of its own. */
    final List<org.refvlm.api.RgbImage> pictures = new ArrayList<>();
    final float[] stride4;
    final float[] stride8;
    final float[] queries;
    final int batch;

    Rooms(long seed, int batch) {
        this.batch = batch;
        Random random = new Random(seed);
        stride4 = new float[batch * C4 * CELLS * CELLS];
        stride8 = new float[batch * C8 * (CELLS / 2) * (CELLS / 2)];
        int cell = SIDE / CELLS;
        for (int b = 0; b < batch; b++) {
            boolean wide = random.nextBoolean();
            ImageFrame frame = new ImageFrame(wide ? 64 : 48, wide ? 48 : 64);
            frames.add(frame);
            int side = 20 + random.nextInt(13);
            int x0 = random.nextInt(frame.width() - side + 1), y0 = random.nextInt(frame.height() - side + 1);
            float near = 1f + 4f * random.nextFloat();
            float[] truth = new float[frame.width() * frame.height()];
            float[] wall = new float[truth.length];
            for (int y = 0; y < frame.height(); y++) {
                for (int x = 0; x < frame.width(); x++) {
                    boolean inside = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
                    wall[y * frame.width() + x] = wallDepth(y, frame.height());
                    float d = inside ? near : wall[y * frame.width() + x];
                    truth[y * frame.width() + x] = random.nextDouble() < 0.05 ? 0f : d;
                }
            }
            truths.add(new DepthMap(frame.width(), frame.height(), truth));
            byte[] rgb = new byte[truth.length * 3];
            int[] colour = {60 + random.nextInt(190), 60 + random.nextInt(190), random.nextInt(50)};
            for (int y = 0; y < frame.height(); y++) {
                for (int x = 0; x < frame.width(); x++) {
                    boolean inside = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
                    int grey = 100 + 100 * y / frame.height();
                    for (int c = 0; c < 3; c++) {
                        rgb[(y * frame.width() + x) * 3 + c] = (byte) (inside ? colour[c] : grey);
                    }
                }
            }
            pictures.add(new org.refvlm.api.RgbImage(frame.width(), frame.height(), rgb));
            wallOnly.add(new DepthMap(frame.width(), frame.height(), wall));
            // features on the padded square's 16x16 grid: each cell describes its 4x4 pixels
            for (int cy = 0; cy < CELLS; cy++) {
                for (int cx = 0; cx < CELLS; cx++) {
                    int px = cx * cell + cell / 2, py = cy * cell + cell / 2;
                    boolean image = px < frame.width() && py < frame.height();
                    double covered = 0;
                    for (int y = cy * cell; y < (cy + 1) * cell; y++) {
                        for (int x = cx * cell; x < (cx + 1) * cell; x++) {
                            covered += x >= x0 && x < x0 + side && y >= y0 && y < y0 + side ? 1 : 0;
                        }
                    }
                    covered /= cell * cell;
                    float[] f = new float[C4];
                    f[0] = image ? (float) (py / (double) frame.height()) : -1f;      // the wall's tone
                    f[1] = (float) covered;                                            // the square
                    f[2] = (float) (covered * Math.log(near));                         // how near it is
                    for (int c = 0; c < C4; c++) {
                        double noise = c < 3 ? 0.05 : 1.0;
                        stride4[((b * C4 + c) * CELLS + cy) * CELLS + cx] = f[c] + (float) (random.nextGaussian() * noise);
                    }
                }
            }
            int half = CELLS / 2;
            for (int c = 0; c < C8; c++) {
                for (int cy = 0; cy < half; cy++) {
                    for (int cx = 0; cx < half; cx++) {
                        float sum = 0;
                        for (int dy = 0; dy < 2; dy++) {
                            for (int dx = 0; dx < 2; dx++) {
                                sum += stride4[((b * C4 + c) * CELLS + 2 * cy + dy) * CELLS + 2 * cx + dx];
                            }
                        }
                        stride8[((b * C8 + c) * half + cy) * half + cx] = sum / 4;
                    }
                }
            }
        }
        queries = new float[batch * D];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = (float) random.nextGaussian();
        }
    }

    /** The back wall: 12 m at the top row, 6 m at the bottom one, as the synthetic world's. */
    static float wallDepth(int y, int height) {
        double t = y / (double) (height - 1);
        return (float) (12 + (6 - 12) * t);
    }

    static DepthDecoderConfig config() {
        return DepthDecoderConfig.builder().queryInputDim(D).numQueries(3).featureLevels(List.of("stride4", "stride8"))
                .featureDims(List.of(C4, C8)).dModel(16).normGroups(4).maxDepth(20).build();
    }

    /** One real query per image, in slot 0 of 3. */
    DecoderInput input(NDManager manager) {
        return input(manager, false);
    }

    /** One real query per image, in slot 0 of 3; with the pictures, for a decoder that reads them. */
    DecoderInput input(NDManager manager, boolean withPictures) {
        float[] slots = new float[batch * 3 * D];
        boolean[] real = new boolean[batch * 3];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(queries, b * D, slots, b * 3 * D, D);
            real[b * 3] = true;
        }
        return new DecoderInput(manager.create(slots, new Shape(batch, 3, D)), manager.create(real, new Shape(batch, 3)),
                Map.of("stride4", manager.create(stride4, new Shape(batch, C4, CELLS, CELLS)),
                        "stride8", manager.create(stride8, new Shape(batch, C8, CELLS / 2, CELLS / 2))), frames,
                withPictures ? pictures.stream().map(org.refvlm.spi.DecoderImage::new).toList() : List.of());
    }

    List<TargetGroup> targets() {
        List<TargetGroup> groups = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            groups.add(new TargetGroup(b, new int[] {0}, List.of(new DepthUnit(truths.get(b)))));
        }
        return groups;
    }

    /** DepthScorer's delta1 of one image: the share of known pixels with max(d / d*, d* / d) < 1.25. */
    static double delta1(DepthMap predicted, DepthMap truth) {
        float[] p = predicted.values(), t = truth.values();
        int n = 0, within = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] < 0.001 || t[i] > 80 || !(p[i] > 0)) {
                continue;
            }
            n++;
            within += Math.max(p[i] / t[i], t[i] / p[i]) < 1.25 ? 1 : 0;
        }
        return n == 0 ? Double.NaN : within / (double) n;
    }

    static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }
}
