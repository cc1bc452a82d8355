package org.refvlm.decoder.groundingdino;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.RgbImage;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;

/**
 * A batch of pictures with one bright square each on a noisy dark background, and one reference
 * per picture whose embedding is noise: where the square is can only be learnt from the picture.
 * Pictures are 48 wide and 40 high, so the padded square has padding the decoder must ignore.
 */
final class Squares {

    static final int WIDTH = 48, HEIGHT = 40, D = 16;

    final List<DecoderImage> images = new ArrayList<>();
    final List<BoxUnit> boxes = new ArrayList<>();
    final float[] queries;

    Squares(long seed, int batch) {
        Random random = new Random(seed);
        for (int b = 0; b < batch; b++) {
            int side = 8 + random.nextInt(10);
            int x0 = random.nextInt(WIDTH - side), y0 = random.nextInt(HEIGHT - side);
            byte[] rgb = new byte[WIDTH * HEIGHT * 3];
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    boolean inside = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
                    int v = inside ? 220 + random.nextInt(30) : 20 + random.nextInt(40);
                    for (int c = 0; c < 3; c++) {
                        rgb[(y * WIDTH + x) * 3 + c] = (byte) v;
                    }
                }
            }
            images.add(new DecoderImage(new RgbImage(WIDTH, HEIGHT, rgb)));
            boxes.add(new BoxUnit(x0, y0, x0 + side, y0 + side, 1));
        }
        queries = new float[batch * D];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = (float) random.nextGaussian();
        }
    }

    /** One query slot per picture, all real. */
    DecoderInput input(NDManager manager) {
        int batch = images.size();
        boolean[] real = new boolean[batch];
        java.util.Arrays.fill(real, true);
        return new DecoderInput(manager.create(queries, new Shape(batch, 1, D)), manager.create(real, new Shape(batch, 1)),
                java.util.Map.of(), images.stream().map(DecoderImage::frame).toList(), images);
    }

    List<TargetGroup> targets() {
        List<TargetGroup> groups = new ArrayList<>();
        for (int b = 0; b < boxes.size(); b++) {
            groups.add(new TargetGroup(b, new int[] {0}, List.of(boxes.get(b))));
        }
        return groups;
    }

    static ImageFrame frame() {
        return new ImageFrame(WIDTH, HEIGHT);
    }
}
