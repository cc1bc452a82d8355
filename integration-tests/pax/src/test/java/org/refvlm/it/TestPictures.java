package org.refvlm.it;

import org.refvlm.api.RgbImage;

/** Pictures the integration tests ask about. */
final class TestPictures {

    private TestPictures() {
    }

    /** 64x48 dark picture with a light 24-pixel square whose top-left corner is at (x0, y0). */
    static RgbImage square(int x0, int y0) {
        int w = 64, h = 48;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean inside = x >= x0 && x < x0 + 24 && y >= y0 && y < y0 + 24;
                int i = (y * w + x) * 3;
                rgb[i] = (byte) (inside ? 230 : 30);
                rgb[i + 1] = (byte) (inside ? 200 : 40);
                rgb[i + 2] = (byte) (inside ? 40 : 60);
            }
        }
        return new RgbImage(w, h, rgb);
    }
}
