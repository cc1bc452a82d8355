package org.refvlm.decoder.sam;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.refvlm.api.CocoRle;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.RgbImage;
import org.refvlm.decoder.sam.model.SamConfig;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.TargetGroup;

/**
 * A batch of pictures with one bright disc each on a noisy dark background, and one reference per
 * picture whose embedding is noise: the mask can only come from the picture. Pictures are 40 wide
 * and 32 high, so SAM's square has padding the decoder must ignore.
 */
final class Discs {

    static final int WIDTH = 40, HEIGHT = 32, D = 16;

    final List<DecoderImage> images = new ArrayList<>();
    final List<MaskUnit> masks = new ArrayList<>();
    final List<boolean[]> pixels = new ArrayList<>();
    final float[] queries;

    Discs(long seed, int batch) {
        Random random = new Random(seed);
        for (int b = 0; b < batch; b++) {
            double r = 5 + random.nextInt(6);
            double cx = r + random.nextDouble() * (WIDTH - 2 * r), cy = r + random.nextDouble() * (HEIGHT - 2 * r);
            byte[] rgb = new byte[WIDTH * HEIGHT * 3];
            boolean[] inside = new boolean[WIDTH * HEIGHT];
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    boolean in = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= r;
                    inside[y * WIDTH + x] = in;
                    int v = in ? 200 + random.nextInt(50) : 20 + random.nextInt(60);
                    for (int c = 0; c < 3; c++) {
                        rgb[(y * WIDTH + x) * 3 + c] = (byte) v;
                    }
                }
            }
            images.add(new DecoderImage(new RgbImage(WIDTH, HEIGHT, rgb)));
            masks.add(new MaskUnit(CocoRle.encode(inside, HEIGHT, WIDTH), 1));
            pixels.add(inside);
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
        Arrays.fill(real, true);
        return new DecoderInput(manager.create(queries, new Shape(batch, 1, D)), manager.create(real, new Shape(batch, 1)),
                Map.of(), images.stream().map(DecoderImage::frame).toList(), images);
    }

    List<TargetGroup> targets() {
        List<TargetGroup> groups = new ArrayList<>();
        for (int b = 0; b < masks.size(); b++) {
            groups.add(new TargetGroup(b, new int[] {0}, List.of(masks.get(b))));
        }
        return groups;
    }

    /** A SAM small enough for unit tests: 32-pixel input, 8x8 embedding grid, 32x32 masks. */
    static SamConfig tinySam() {
        return SamConfig.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(Map.of(
                "vision_config", Map.of("hidden_size", 32, "output_channels", 32, "num_hidden_layers", 2,
                        "num_attention_heads", 2, "image_size", 32, "patch_size", 4, "mlp_dim", 64, "window_size", 4,
                        "global_attn_indexes", List.of(1), "num_pos_feats", 16),
                "prompt_encoder_config", Map.of("hidden_size", 32, "image_size", 32, "patch_size", 4,
                        "mask_input_channels", 8),
                "mask_decoder_config", Map.of("hidden_size", 32, "mlp_dim", 64, "num_attention_heads", 2,
                        "iou_head_hidden_dim", 32))));
    }

    static SamDecoderConfig config() {
        return SamDecoderConfig.builder().queryInputDim(D).numQueries(2).sam(tinySam()).projectionHidden(32).build();
    }

    /** Intersection over union of two equally sized pixel masks. */
    static double iou(boolean[] a, boolean[] b) {
        int inter = 0, union = 0;
        for (int i = 0; i < a.length; i++) {
            inter += a[i] && b[i] ? 1 : 0;
            union += a[i] || b[i] ? 1 : 0;
        }
        return union == 0 ? 1 : inter / (double) union;
    }
}
