package org.refvlm.decoder.sam;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.refvlm.api.CocoRle;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.RgbImage;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.TargetGroup;

/**
 * Pictures with a red disc and a blue square at random places, and two references per picture:
 * the first embedding says "red" and the second "blue" (a one-hot code plus noise), so which mask
 * each reference wants can only come from its embedding, and where it is only from the picture.
 */
final class TwoShapes {

    static final int SIDE = 40, D = Discs.D;

    final List<DecoderImage> images = new ArrayList<>();
    final List<MaskUnit[]> masks = new ArrayList<>();
    final List<boolean[][]> pixels = new ArrayList<>();
    final float[] queries;

    TwoShapes(long seed, int batch) {
        Random random = new Random(seed);
        queries = new float[batch * 2 * D];
        for (int b = 0; b < batch; b++) {
            double r = 5 + random.nextInt(3);
            int side = 9 + random.nextInt(4);
            double cx, cy;
            int sx, sy;
            do {
                cx = r + random.nextDouble() * (SIDE - 2 * r);
                cy = r + random.nextDouble() * (SIDE - 2 * r);
                sx = random.nextInt(SIDE - side);
                sy = random.nextInt(SIDE - side);
            } while (Math.abs(cx - (sx + side / 2.0)) < r + side / 2.0 + 1 && Math.abs(cy - (sy + side / 2.0)) < r + side / 2.0 + 1);
            byte[] rgb = new byte[SIDE * SIDE * 3];
            boolean[] disc = new boolean[SIDE * SIDE];
            boolean[] square = new boolean[SIDE * SIDE];
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    int at = y * SIDE + x;
                    disc[at] = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= r;
                    square[at] = x >= sx && x < sx + side && y >= sy && y < sy + side;
                    int red = disc[at] ? 230 : 40, blue = square[at] ? 230 : 40, green = 40;
                    rgb[at * 3] = (byte) red;
                    rgb[at * 3 + 1] = (byte) green;
                    rgb[at * 3 + 2] = (byte) blue;
                }
            }
            images.add(new DecoderImage(new RgbImage(SIDE, SIDE, rgb)));
            masks.add(new MaskUnit[] {new MaskUnit(CocoRle.encode(disc, SIDE, SIDE), 1),
                    new MaskUnit(CocoRle.encode(square, SIDE, SIDE), 1)});
            pixels.add(new boolean[][] {disc, square});
            for (int q = 0; q < 2; q++) {
                for (int i = 0; i < D; i++) {
                    queries[(b * 2 + q) * D + i] = (float) (0.3 * random.nextGaussian() + (i == q ? 2 : 0));
                }
            }
        }
    }

    DecoderInput input(NDManager manager) {
        int batch = images.size();
        boolean[] real = new boolean[batch * 2];
        java.util.Arrays.fill(real, true);
        return new DecoderInput(manager.create(queries, new Shape(batch, 2, D)), manager.create(real, new Shape(batch, 2)),
                Map.of(), images.stream().map(DecoderImage::frame).toList(), images);
    }

    /** One phrase group per reference, so each reference is matched to its own object. */
    List<TargetGroup> targets() {
        List<TargetGroup> groups = new ArrayList<>();
        for (int b = 0; b < masks.size(); b++) {
            groups.add(new TargetGroup(b, new int[] {0}, List.of(masks.get(b)[0])));
            groups.add(new TargetGroup(b, new int[] {1}, List.of(masks.get(b)[1])));
        }
        return groups;
    }
}
