package org.refvlm.core.pipeline;

import java.awt.image.BufferedImage;
import org.refvlm.api.DepthMap;

/**
 * The colour map depth is drawn with for people, everywhere refvlm draws depth (answer overlays, the
 * data tools' sample pictures): near warm (red), far cold (blue), through green, between the map's
 * own nearest and farthest known depth; unknown depth black.
 */
public final class DepthColours {

    private DepthColours() {
    }

    /** The colour of {@code t} in [0, 1] (0 nearest), as 0xRRGGBB. */
    public static int nearWarmFarCold(double t) {
        int r = (int) (255 * Math.max(0, Math.min(1, 1.5 - 1.5 * t)));
        int g = (int) (255 * Math.max(0, 1 - Math.abs(t - 0.5) * 2));
        int b = (int) (255 * Math.max(0, Math.min(1, 1.5 * t - 0.2)));
        return (r << 16) | (g << 8) | b;
    }

    /** The nearest and farthest known (finite, positive) depth of the map, or {@code {0, 0}} if none is. */
    public static float[] range(DepthMap depth) {
        float min = Float.POSITIVE_INFINITY, max = 0;
        for (float v : depth.values()) {
            if (v > 0 && Float.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return max > 0 ? new float[] {min, max} : new float[] {0, 0};
    }

    /** The map coloured between its own range. */
    public static BufferedImage picture(DepthMap depth) {
        float[] range = range(depth);
        float span = range[1] - range[0];
        BufferedImage out = new BufferedImage(depth.width(), depth.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < depth.height(); y++) {
            for (int x = 0; x < depth.width(); x++) {
                float v = depth.at(x, y);
                boolean known = v > 0 && Float.isFinite(v);
                out.setRGB(x, y, known ? nearWarmFarCold(span > 0 ? (v - range[0]) / span : 0) : 0);
            }
        }
        return out;
    }
}
