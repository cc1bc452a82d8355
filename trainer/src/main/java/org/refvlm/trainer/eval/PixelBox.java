package org.refvlm.trainer.eval;

import org.refvlm.api.BoxUnit;
import org.refvlm.data.Box;

/**
 * An axis-aligned box in original-image pixels, corners (x0, y0) and (x1, y1). Both the model's
 * {@link BoxUnit} and the data's {@link Box} convert to it, so IoU is computed one way only.
 */
public record PixelBox(double x0, double y0, double x1, double y1) implements Region {

    public static PixelBox of(BoxUnit b) {
        return new PixelBox(b.x0(), b.y0(), b.x1(), b.y1());
    }

    public static PixelBox of(Box b) {
        return new PixelBox(b.x0(), b.y0(), b.x1(), b.y1());
    }

    /** Area, 0 for an inverted box. */
    public double area() {
        return Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
    }

    /**
     * Intersection over union. Two boxes without area have no meaningful overlap: 0, where
     * torchvision's {@code box_iou} would give NaN.
     */
    public double iou(PixelBox o) {
        double iw = Math.max(0, Math.min(x1, o.x1) - Math.max(x0, o.x0));
        double ih = Math.max(0, Math.min(y1, o.y1) - Math.max(y0, o.y0));
        double inter = iw * ih;
        double union = area() + o.area() - inter;
        return union > 0 ? inter / union : 0;
    }
}
