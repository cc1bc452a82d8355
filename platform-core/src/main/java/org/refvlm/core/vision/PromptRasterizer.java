package org.refvlm.core.vision;

import java.util.List;
import org.refvlm.spi.ImageFrame;
import org.refvlm.api.VisualPrompt;

/**
 * Turns visual prompts into binary masks on the model's padded square: the original image sits
 * where its {@link ImageFrame} puts it (top-left or centred) in a {@code side x side} square,
 * scaled by {@code side / max(width, height)}.
 * Points become discs, boxes filled rectangles, scribbles dilated polylines; masks are resized
 * by nearest neighbour. The reference draws a 10-pixel disc on a 336 square; radii here are in
 * square pixels for the same reason.
 */
public final class PromptRasterizer {

    private final int side;
    private final double pointRadius;
    private final double scribbleRadius;

    /**
     * @param side           side of the square the masks are drawn on
     * @param pointRadius    disc radius for a point prompt, in square pixels
     * @param scribbleRadius half-width of a scribble stroke, in square pixels
     */
    public PromptRasterizer(int side, double pointRadius, double scribbleRadius) {
        if (side <= 0 || pointRadius <= 0 || scribbleRadius <= 0) {
            throw new IllegalArgumentException("side and radii must be positive");
        }
        this.side = side;
        this.pointRadius = pointRadius;
        this.scribbleRadius = scribbleRadius;
    }

    public int side() {
        return side;
    }

    /** A row-major {@code side * side} mask of {@code prompt} on an image at the top-left of its square. */
    public boolean[] rasterize(VisualPrompt prompt, int imageWidth, int imageHeight) {
        return rasterize(prompt, new ImageFrame(imageWidth, imageHeight));
    }

    /** A row-major {@code side * side} mask of {@code prompt} on the image placed as {@code frame} says. */
    public boolean[] rasterize(VisualPrompt prompt, ImageFrame frame) {
        int imageWidth = frame.width(), imageHeight = frame.height();
        double scale = (double) side / frame.side();
        double dx = frame.offsetX() * scale, dy = frame.offsetY() * scale;
        boolean[] mask = new boolean[side * side];
        if (prompt instanceof VisualPrompt.Point p) {
            disc(mask, p.x() * scale + dx, p.y() * scale + dy, pointRadius);
        } else if (prompt instanceof VisualPrompt.Box b) {
            rectangle(mask, b.x0() * scale + dx, b.y0() * scale + dy, b.x1() * scale + dx, b.y1() * scale + dy);
        } else if (prompt instanceof VisualPrompt.Scribble s) {
            polyline(mask, s.points(), scale, dx, dy);
        } else if (prompt instanceof VisualPrompt.Mask m) {
            if (m.mask().width() != imageWidth || m.mask().height() != imageHeight) {
                throw new IllegalArgumentException("mask prompt is " + m.mask().width() + "x" + m.mask().height()
                        + " but the image is " + imageWidth + "x" + imageHeight);
            }
            resizeNearest(mask, m.mask().decode(), imageWidth, imageHeight, scale, (int) Math.round(dx),
                    (int) Math.round(dy));
        }
        return mask;
    }

    /** Pixel (x, y) covers [x, x+1) x [y, y+1); it is in the disc when its centre is. */
    private void disc(boolean[] mask, double cx, double cy, double r) {
        int y0 = clamp((int) Math.floor(cy - r)), y1 = clamp((int) Math.ceil(cy + r));
        int x0 = clamp((int) Math.floor(cx - r)), x1 = clamp((int) Math.ceil(cx + r));
        for (int y = y0; y <= y1 && y < side; y++) {
            for (int x = x0; x <= x1 && x < side; x++) {
                double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                if (dx * dx + dy * dy <= r * r) {
                    mask[y * side + x] = true;
                }
            }
        }
    }

    /** Pixels whose centres lie inside the box; a box thinner than a pixel still marks one. */
    private void rectangle(boolean[] mask, double x0, double y0, double x1, double y1) {
        int ys = clamp((int) Math.round(y0)), ye = Math.max(ys + 1, clamp((int) Math.round(y1)));
        int xs = clamp((int) Math.round(x0)), xe = Math.max(xs + 1, clamp((int) Math.round(x1)));
        for (int y = ys; y < Math.min(ye, side); y++) {
            for (int x = xs; x < Math.min(xe, side); x++) {
                mask[y * side + x] = true;
            }
        }
    }

    /** Every pixel within {@code scribbleRadius} of a segment of the stroke. */
    private void polyline(boolean[] mask, List<VisualPrompt.Point> points, double scale, double dx, double dy) {
        double r = scribbleRadius;
        for (int i = 0; i < points.size(); i++) {
            VisualPrompt.Point a = points.get(i);
            VisualPrompt.Point b = points.get(Math.min(i + 1, points.size() - 1));
            double ax = a.x() * scale + dx, ay = a.y() * scale + dy, bx = b.x() * scale + dx, by = b.y() * scale + dy;
            int xs = clamp((int) Math.floor(Math.min(ax, bx) - r)), xe = clamp((int) Math.ceil(Math.max(ax, bx) + r));
            int ys = clamp((int) Math.floor(Math.min(ay, by) - r)), ye = clamp((int) Math.ceil(Math.max(ay, by) + r));
            for (int y = ys; y <= ye && y < side; y++) {
                for (int x = xs; x <= xe && x < side; x++) {
                    if (distanceToSegment(x + 0.5, y + 0.5, ax, ay, bx, by) <= r) {
                        mask[y * side + x] = true;
                    }
                }
            }
        }
    }

    static double distanceToSegment(double px, double py, double ax, double ay, double bx, double by) {
        double dx = bx - ax, dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        double qx = ax + t * dx - px, qy = ay + t * dy - py;
        return Math.sqrt(qx * qx + qy * qy);
    }

    /** Nearest neighbour: square pixel (x, y) takes the image pixel under its centre. */
    private void resizeNearest(boolean[] mask, boolean[] image, int w, int h, double scale, int left, int top) {
        int sw = Math.min(side - left, (int) Math.round(w * scale)), sh = Math.min(side - top, (int) Math.round(h * scale));
        for (int y = 0; y < sh; y++) {
            int iy = Math.min(h - 1, (int) ((y + 0.5) / scale));
            for (int x = 0; x < sw; x++) {
                int ix = Math.min(w - 1, (int) ((x + 0.5) / scale));
                mask[(top + y) * side + left + x] = image[iy * w + ix];
            }
        }
    }

    private int clamp(int v) {
        return Math.max(0, Math.min(side - 1, v));
    }
}
