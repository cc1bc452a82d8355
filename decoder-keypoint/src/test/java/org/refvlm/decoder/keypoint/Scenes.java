package org.refvlm.decoder.keypoint;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.Keypoint;
import org.refvlm.api.KeypointsUnit;
import org.refvlm.data.synth.ShapeKind;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;

/**
 * A batch of synthetic scenes in feature space: each 128x96 picture holds two shapes of different
 * kinds, drawn as the synthetic world draws them ({@link ShapeKind}'s keypoints and outline), and
 * the feature maps say where each kind is (one channel per kind, a blob as wide as the shape) and
 * how large (a channel of the blobs scaled by radius). Each shape has one reference, whose
 * embedding names its kind (a fixed vector per kind plus noise): the decoder must find the shape
 * the reference names, box it, tell its schema and place its keypoints.
 */
final class Scenes {

    static final int WIDTH = 128, HEIGHT = 96, D = 16, OBJECTS = 2;
    static final List<ShapeKind> KINDS = List.of(ShapeKind.TRIANGLE, ShapeKind.SQUARE, ShapeKind.STAR, ShapeKind.HEXAGON);
    /** stride8 on the 128 square: 16x16 cells, one channel per kind plus the size channel. */
    static final int FINE = 16, FINE_CHANNELS = KINDS.size() + 1;
    /** stride16: 8x8 cells, the kinds' blobs summed, so the coarse level is read too. */
    static final int COARSE = 8, COARSE_CHANNELS = 2;

    private static final float[][] KIND_EMBEDDINGS = kindEmbeddings();

    final int batch;
    final float[] queries;
    final float[] fine;
    final float[] coarse;
    final List<List<KeypointsUnit>> truth = new ArrayList<>();

    Scenes(long seed, int batch) {
        this.batch = batch;
        Random random = new Random(seed);
        queries = new float[batch * OBJECTS * D];
        fine = new float[batch * FINE_CHANNELS * FINE * FINE];
        coarse = new float[batch * COARSE_CHANNELS * COARSE * COARSE];
        for (int b = 0; b < batch; b++) {
            List<ShapeKind> kinds = new ArrayList<>(KINDS);
            java.util.Collections.shuffle(kinds, random);
            List<KeypointsUnit> objects = new ArrayList<>();
            for (int o = 0; o < OBJECTS; o++) {
                ShapeKind kind = kinds.get(o);
                double r = 10 + random.nextDouble() * 14;
                double cx = r + random.nextDouble() * (WIDTH - 2 * r);
                double cy = r + random.nextDouble() * (HEIGHT - 2 * r);
                objects.add(unit(kind, cx, cy, r));
                draw(b, KINDS.indexOf(kind), cx, cy, r);
                for (int c = 0; c < D; c++) {
                    queries[(b * OBJECTS + o) * D + c] = KIND_EMBEDDINGS[KINDS.indexOf(kind)][c]
                            + (float) (0.1 * random.nextGaussian());
                }
            }
            truth.add(List.copyOf(objects));
        }
    }

    private static float[][] kindEmbeddings() {
        Random random = new Random(77);
        float[][] e = new float[KINDS.size()][D];
        for (float[] row : e) {
            for (int c = 0; c < D; c++) {
                row[c] = (float) random.nextGaussian();
            }
        }
        return e;
    }

    /** The shape as the synthetic world makes it: the outline's bounding box and the kind's keypoints, all visible. */
    static KeypointsUnit unit(ShapeKind kind, double cx, double cy, double r) {
        double[][] outline = kind.outline(cx, cy, r);
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (int i = 0; i < outline[0].length; i++) {
            x0 = Math.min(x0, outline[0][i]);
            x1 = Math.max(x1, outline[0][i]);
            y0 = Math.min(y0, outline[1][i]);
            y1 = Math.max(y1, outline[1][i]);
        }
        double[][] points = kind.keypoints(cx, cy, r);
        List<Keypoint> keypoints = new ArrayList<>();
        for (int j = 0; j < points.length; j++) {
            keypoints.add(new Keypoint(kind.keypointNames().get(j), points[j][0], points[j][1], Keypoint.VISIBLE));
        }
        return new KeypointsUnit(new BoxUnit(x0, y0, x1, y1, BoxUnit.NO_SCORE), keypoints, kind.schema());
    }

    private void draw(int b, int kind, double cx, double cy, double r) {
        blob(fine, b, FINE_CHANNELS, FINE, kind, cx, cy, r, 1);
        blob(fine, b, FINE_CHANNELS, FINE, FINE_CHANNELS - 1, cx, cy, r, r / 16);
        blob(coarse, b, COARSE_CHANNELS, COARSE, 0, cx, cy, r, 1);
        blob(coarse, b, COARSE_CHANNELS, COARSE, 1, cx, cy, r, r / 16);
    }

    /** Adds a Gaussian of the shape's radius, sampled at the centres of a grid over the 128 square. */
    private static void blob(float[] map, int b, int channels, int grid, int channel, double cx, double cy, double r,
            double scale) {
        double cell = (double) WIDTH / grid;
        for (int y = 0; y < grid; y++) {
            for (int x = 0; x < grid; x++) {
                double dx = (x + 0.5) * cell - cx, dy = (y + 0.5) * cell - cy;
                double v = Math.exp(-(dx * dx + dy * dy) / (2 * (r / 2) * (r / 2)));
                map[((b * channels + channel) * grid + y) * grid + x] += (float) (scale * v);
            }
        }
    }

    static KeypointDecoderConfig config() {
        return KeypointDecoderConfig.builder().queryInputDim(D).numQueries(OBJECTS)
                .featureLevels(List.of("stride8", "stride16")).featureDims(List.of(FINE_CHANNELS, COARSE_CHANNELS))
                .schemas(KeypointSchemas.synthetic()).dModel(32).layers(2).heads(2).ffnDim(64).dropout(0).build();
    }

    static ImageFrame frame() {
        return new ImageFrame(WIDTH, HEIGHT);
    }

    DecoderInput input(NDManager manager) {
        return input(manager, queries);
    }

    DecoderInput input(NDManager manager, float[] queryValues) {
        boolean[] real = new boolean[batch * OBJECTS];
        java.util.Arrays.fill(real, true);
        List<ImageFrame> frames = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            frames.add(frame());
        }
        return new DecoderInput(manager.create(queryValues, new Shape(batch, OBJECTS, D)),   // [B, L, D]
                manager.create(real, new Shape(batch, OBJECTS)),                            // [B, L]
                Map.of("stride8", manager.create(fine, new Shape(batch, FINE_CHANNELS, FINE, FINE)),
                        "stride16", manager.create(coarse, new Shape(batch, COARSE_CHANNELS, COARSE, COARSE))),
                frames);
    }

    /** One phrase group per shape: its own reference and its own target. */
    List<TargetGroup> targets() {
        List<TargetGroup> groups = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < OBJECTS; o++) {
                groups.add(new TargetGroup(b, new int[] {o}, List.of(truth.get(b).get(o))));
            }
        }
        return groups;
    }

    /**
     * COCO's OKS of a decoded keypoint set against the truth, in pixels, with the schema's sigmas
     * and the true box's area as the scale; 0 when the decoded schema is another one.
     */
    static double oks(KeypointsUnit decoded, KeypointsUnit truth, KeypointSchema schema) {
        if (!decoded.schema().equals(truth.schema())) {
            return 0;
        }
        double area = truth.box().area();
        double sum = 0;
        int labelled = 0;
        for (int j = 0; j < truth.keypoints().size(); j++) {
            Keypoint t = truth.keypoints().get(j);
            if (!t.labelled()) {
                continue;
            }
            Keypoint p = decoded.keypoints().get(j);
            double d2 = (p.x() - t.x()) * (p.x() - t.x()) + (p.y() - t.y()) * (p.y() - t.y());
            double s = schema.sigmas().get(j);
            sum += Math.exp(-d2 / (2 * area * 4 * s * s));
            labelled++;
        }
        return labelled == 0 ? 0 : sum / labelled;
    }
}
