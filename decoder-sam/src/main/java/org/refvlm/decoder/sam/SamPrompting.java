package org.refvlm.decoder.sam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.RgbImage;
import org.refvlm.decoder.sam.model.SamModel;
import org.refvlm.nn.Constants;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.support.MaskDecoding;

/**
 * Segment Anything with its own prompts, no language model: points (foreground or background)
 * and/or one box, in the original image's pixels, give one mask of the original image. As SAM's
 * predictor recommends, a single point asks for the three multimask outputs and keeps the one the
 * IoU head rates best; otherwise the single-mask output answers. The score is the IoU head's.
 */
public final class SamPrompting {

    /** A point prompt in original pixels; {@code foreground} false marks a background point. */
    public record Point(double x, double y, boolean foreground) {
    }

    /** A box prompt in original pixels. */
    public record Box(double x0, double y0, double x1, double y1) {
    }

    private SamPrompting() {
    }

    /** @throws IllegalArgumentException when there is no prompt */
    public static MaskUnit segment(SamModel sam, RgbImage image, List<Point> points, Box box, boolean multimask,
            NDManager manager) {
        if (points.isEmpty() && box == null) {
            throw new IllegalArgumentException("SAM needs at least one --point or a --box");
        }
        int side = sam.config().vision().imageSize();
        double scale = side / (double) Math.max(image.width(), image.height());
        try (NDManager m = manager.newSubManager()) {
            NDArray pixels = SamPreprocessing.pixels(image, m, side);                    // [1, 3, S, S]
            NDArray pointArray = null;
            int[] labels = null;
            if (!points.isEmpty()) {
                float[] xy = new float[points.size() * 2];
                labels = new int[points.size()];
                for (int i = 0; i < points.size(); i++) {
                    xy[2 * i] = (float) (points.get(i).x() * scale);
                    xy[2 * i + 1] = (float) (points.get(i).y() * scale);
                    labels[i] = points.get(i).foreground() ? 1 : 0;
                }
                pointArray = Constants.of(m, xy, new Shape(1, 1, points.size(), 2));
            }
            NDArray boxArray = box == null ? null : Constants.of(m, new float[] {(float) (box.x0() * scale),
                    (float) (box.y0() * scale), (float) (box.x1() * scale), (float) (box.y1() * scale)},
                    new Shape(1, 1, 4));
            SamModel.Masks masks = sam.predict(pixels, pointArray, labels, boxArray, multimask);
            float[] iou = masks.iou().toFloatArray();                                   // [M]
            int best = 0;
            for (int i = 1; i < iou.length; i++) {
                best = iou[i] > iou[best] ? i : best;
            }
            NDArray logits = masks.logits().get(new NDIndex("0, 0, {}:{}", best, best + 1));  // [1, 4g, 4g]
            ImageFrame frame = new ImageFrame(image.width(), image.height());
            MaskUnit mask = MaskDecoding.toMasks(logits, frame, 0).get(0);
            return new MaskUnit(mask.mask(), Math.max(0, Math.min(1, iou[best])));
        }
    }
}
