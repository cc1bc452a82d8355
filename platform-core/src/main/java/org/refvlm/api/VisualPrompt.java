package org.refvlm.api;

import java.util.List;

/**
 * A region the user points at, in original image pixels. Each becomes a mask on the model's
 * padded square and then a visual-prompt token (paper section IV-B).
 */
public sealed interface VisualPrompt {

    /** A single pixel; the model sees a disc around it. */
    record Point(double x, double y) implements VisualPrompt {
    }

    /** A box in xyxy pixels; the model sees the filled rectangle. */
    record Box(double x0, double y0, double x1, double y1) implements VisualPrompt {
        public Box {
            if (!(x1 > x0 && y1 > y0)) {
                throw new IllegalArgumentException(
                        "box needs x1 > x0 and y1 > y0, got [" + x0 + ", " + y0 + ", " + x1 + ", " + y1 + "]");
            }
        }
    }

    /** A free-hand stroke through these points; the model sees the dilated polyline. */
    record Scribble(List<Point> points) implements VisualPrompt {
        public Scribble {
            points = List.copyOf(points);
            if (points.isEmpty()) {
                throw new IllegalArgumentException("a scribble needs at least one point");
            }
        }
    }

    /** A binary mask of the image's size. */
    record Mask(CocoRle mask) implements VisualPrompt {
    }
}
