package org.refvlm.core.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.api.CocoRle;
import org.refvlm.api.VisualPrompt;

class PromptRasterizerTest {

    private final PromptRasterizer raster = new PromptRasterizer(100, 5, 2);

    private static int count(boolean[] m) {
        int n = 0;
        for (boolean b : m) {
            n += b ? 1 : 0;
        }
        return n;
    }

    @Test
    void boxIsAFilledRectangleScaledToTheSquare() {
        // a 200x100 image is scaled by 0.5 onto the 100x100 square, top-left aligned
        boolean[] m = raster.rasterize(new VisualPrompt.Box(20, 10, 60, 50), 200, 100);
        assertThat(count(m)).isEqualTo(20 * 20);
        assertThat(m[5 * 100 + 10]).isTrue();
        assertThat(m[24 * 100 + 29]).isTrue();
        assertThat(m[25 * 100 + 30]).isFalse();
        assertThat(m[4 * 100 + 10]).isFalse();
    }

    @Test
    void pointIsADiscOfTheConfiguredRadius() {
        boolean[] m = raster.rasterize(new VisualPrompt.Point(50, 50), 100, 100);
        assertThat(count(m)).isBetween(70, 90); // pi * 5^2 = 78.5
        assertThat(m[50 * 100 + 50]).isTrue();
        assertThat(m[50 * 100 + 56]).isFalse();
    }

    @Test
    void pointNearTheBorderIsClipped() {
        boolean[] m = raster.rasterize(new VisualPrompt.Point(0, 0), 100, 100);
        assertThat(count(m)).isBetween(15, 25); // a quarter disc
    }

    @Test
    void scribbleCoversItsWholeStroke() {
        boolean[] m = raster.rasterize(new VisualPrompt.Scribble(List.of(
                new VisualPrompt.Point(10, 10), new VisualPrompt.Point(90, 10), new VisualPrompt.Point(90, 90))), 100, 100);
        for (int x = 10; x < 90; x++) {
            assertThat(m[10 * 100 + x]).as("x=%d on the first segment", x).isTrue();
        }
        for (int y = 10; y < 90; y++) {
            assertThat(m[y * 100 + 90]).as("y=%d on the second segment", y).isTrue();
        }
        assertThat(m[50 * 100 + 50]).isFalse();
        assertThat(count(m)).isBetween(160 * 4 - 20, 160 * 5 + 20);
    }

    @Test
    void maskIsResizedByNearestNeighbour() {
        boolean[] image = new boolean[200 * 100];
        for (int y = 0; y < 50; y++) {
            for (int x = 0; x < 100; x++) {
                image[y * 200 + x] = true; // top-left quarter of the 200x100 image
            }
        }
        boolean[] m = raster.rasterize(new VisualPrompt.Mask(CocoRle.encode(image, 100, 200)), 200, 100);
        assertThat(count(m)).isEqualTo(50 * 25);
        assertThat(m[24 * 100 + 49]).isTrue();
        assertThat(m[25 * 100 + 49]).isFalse();
    }

    @Test
    void maskOfTheWrongSizeIsRefusedWithBothSizes() {
        CocoRle small = CocoRle.encode(new boolean[4], 2, 2);
        assertThatThrownBy(() -> raster.rasterize(new VisualPrompt.Mask(small), 200, 100))
                .hasMessage("mask prompt is 2x2 but the image is 200x100");
    }
}
