package org.refvlm.data;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.refvlm.api.CocoRle;

/**
 * The visual prompt a user would give for an object whose mask is known: a click on it, its box, a short
 * stroke across it, or the mask itself. Clicks and strokes always land on the mask, and every stroke
 * segment's midpoint too, so the prompt points at that object and no other. Shared by the synthetic world
 * and the converters (COCO-Interactive style prompts from COCO masks).
 */
public final class MaskPrompts {
    private MaskPrompts() {
    }

    /**
     * @param box        the box given as a box prompt (COCO's annotation box, or the mask's bounds)
     * @param strokeStep length of one stroke segment in pixels
     */
    public static VisualPrompt make(PromptKind kind, BinaryMask mask, CocoRle rle, Box box, double strokeStep, RandomGenerator rnd) {
        return switch (kind) {
            case POINT -> new PointPrompt(pointOn(mask, Box.boundsOf(rle), rnd));
            case BOX -> new BoxPrompt(box);
            case SCRIBBLE -> new ScribblePrompt(strokeOn(mask, Box.boundsOf(rle), strokeStep, rnd));
            case MASK -> new MaskPrompt(rle);
        };
    }

    /** The centre of a random pixel of the mask; bounds is the mask's tight box. */
    public static Point pointOn(BinaryMask mask, Box bounds, RandomGenerator rnd) {
        if (bounds == null) {
            throw new IllegalArgumentException("empty mask");
        }
        int bx = (int) bounds.x0(), by = (int) bounds.y0(), bw = (int) bounds.width(), bh = (int) bounds.height();
        // rejection sampling in the box is fast for compact shapes; the scan below catches thin ones
        for (int t = 0; t < 200; t++) {
            int x = bx + rnd.nextInt(bw), y = by + rnd.nextInt(bh);
            if (mask.get(x, y)) {
                return new Point(x + 0.5, y + 0.5);
            }
        }
        for (int y = by; y < by + bh; y++) {
            for (int x = bx; x < bx + bw; x++) {
                if (mask.get(x, y)) {
                    return new Point(x + 0.5, y + 0.5);
                }
            }
        }
        throw new IllegalArgumentException("empty mask");
    }

    /** A random walk of short steps that stays on the mask. */
    public static List<Point> strokeOn(BinaryMask mask, Box bounds, double step, RandomGenerator rnd) {
        List<Point> pts = new ArrayList<>();
        Point p = pointOn(mask, bounds, rnd);
        pts.add(p);
        double heading = rnd.nextDouble() * 2 * Math.PI;
        int steps = 4 + rnd.nextInt(6);
        for (int s = 0; s < steps; s++) {
            boolean moved = false;
            for (int t = 0; t < 8 && !moved; t++) {
                double a = heading + (rnd.nextDouble() - 0.5) * (0.8 + t * 0.6);
                double nx = p.x() + step * Math.cos(a), ny = p.y() + step * Math.sin(a);
                if (on(mask, nx, ny) && on(mask, (nx + p.x()) / 2, (ny + p.y()) / 2)) {
                    p = new Point(Math.round(nx * 10) / 10.0, Math.round(ny * 10) / 10.0);
                    pts.add(p);
                    heading = a;
                    moved = true;
                }
            }
            if (!moved) {
                heading += Math.PI / 2;
            }
        }
        while (pts.size() < 2) {
            pts.add(pointOn(mask, bounds, rnd));
        }
        return pts;
    }

    private static boolean on(BinaryMask mask, double x, double y) {
        return mask.get((int) Math.floor(x), (int) Math.floor(y));
    }
}
