package org.refvlm.data.synth;

/** Coarse position words for where something is in the picture (a 3 x 3 grid), as position questions answer. */
public final class ImageRegion {
    private ImageRegion() {
    }

    /** The words of the grid cell point (x, y) falls in, in a picture of {@code width} x {@code height}. */
    public static String of(double x, double y, int width, int height) {
        int col = Math.min(2, (int) (3 * x / width));
        int row = Math.min(2, (int) (3 * y / height));
        String[][] words = {
                {"top left", "top", "top right"},
                {"left", "centre", "right"},
                {"bottom left", "bottom", "bottom right"}};
        return words[row][col];
    }
}
