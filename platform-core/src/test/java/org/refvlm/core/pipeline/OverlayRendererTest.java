package org.refvlm.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.CocoRle;
import org.refvlm.api.Keypoint;
import org.refvlm.api.KeypointsUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.RgbImage;
import org.refvlm.api.VisualPrompt;

class OverlayRendererTest {

    private static RgbImage grey(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        java.util.Arrays.fill(rgb, (byte) 128);
        return new RgbImage(w, h, rgb);
    }

    /** A 100x80 mask, true on [x0, x1) x [y0, y1). */
    private static boolean[] rectangle(int x0, int y0, int x1, int y1) {
        boolean[] mask = new boolean[100 * 80];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                mask[y * 100 + x] = true;
            }
        }
        return mask;
    }

    @Test
    void outlinesBoxesAndTintsMasksWithoutTouchingTheRest() {
        boolean[] mask = rectangle(10, 50, 30, 70);
        List<ReferredObject> objects = List.of(
                ReferredObject.decoded("dog", 0, new BoxUnit(40, 20, 90, 45, 1)),
                ReferredObject.decoded("ball", 0, new MaskUnit(CocoRle.encode(mask, 80, 100), 1)),
                ReferredObject.failed("cat", "depth", 0, "no decoder installed for unit 'depth'"));
        BufferedImage out = new OverlayRenderer().render(grey(100, 80), objects);
        assertThat(out.getRGB(65, 45) & 0xffffff).as("bottom edge of the box").isNotEqualTo(0x808080);
        assertThat(out.getRGB(65, 32) & 0xffffff).as("inside the box").isEqualTo(0x808080);
        assertThat(out.getRGB(20, 60) & 0xffffff).as("inside the mask").isNotEqualTo(0x808080);
        assertThat(out.getRGB(5, 75) & 0xffffff).as("far from everything").isEqualTo(0x808080);
    }

    @Test
    void drawsTheVisualPromptsOfTheRequestOverThePicture() {
        List<VisualPrompt> prompts = List.of(new VisualPrompt.Point(20, 20), new VisualPrompt.Box(40, 10, 60, 30),
                new VisualPrompt.Scribble(List.of(new VisualPrompt.Point(10, 50), new VisualPrompt.Point(30, 50))),
                new VisualPrompt.Mask(CocoRle.encode(rectangle(70, 60, 90, 70), 80, 100)));
        BufferedImage out = new OverlayRenderer().render(grey(100, 80), List.of(), prompts);
        // the point's ring has radius max(3, 80 / 50) = 3: its rightmost pixel is white, its centre untouched
        assertThat(out.getRGB(23, 20) & 0xffffff).as("the point's ring").isNotEqualTo(0x808080);
        assertThat(out.getRGB(20, 20) & 0xffffff).as("inside the ring").isEqualTo(0x808080);
        assertThat(out.getRGB(50, 10) & 0xffffff).as("the box's top edge").isNotEqualTo(0x808080);
        assertThat(out.getRGB(50, 20) & 0xffffff).as("inside the box").isEqualTo(0x808080);
        assertThat(out.getRGB(20, 50) & 0xffffff).as("on the scribble").isNotEqualTo(0x808080);
        assertThat(out.getRGB(70, 65) & 0xffffff).as("the mask's edge").isEqualTo(0xffffff);
        assertThat(out.getRGB(80, 65) & 0xffffff).as("inside the mask").isEqualTo(0x808080);
        assertThat(new OverlayRenderer().render(grey(100, 80), List.of()).getRGB(23, 20) & 0xffffff)
                .as("no prompts, nothing drawn").isEqualTo(0x808080);
    }

    @Test
    void drawsLabelledKeypointsAsDotsAndLeavesUnlabelledOnesOut() {
        KeypointsUnit k = new KeypointsUnit(new BoxUnit(20, 20, 80, 70, 0.9), List.of(
                new Keypoint("centre", 50, 45, Keypoint.VISIBLE, 0.9),
                new Keypoint("top", 35, 30, Keypoint.OCCLUDED, 0.3),
                new Keypoint("left", 65, 55, Keypoint.NOT_LABELLED, 0.1)), "synth-circle");
        BufferedImage out = new OverlayRenderer().render(grey(100, 80), List.of(ReferredObject.decoded("circle", 0, k)));
        assertThat(out.getRGB(50, 45) & 0xffffff).as("a visible point is a filled dot").isNotEqualTo(0x808080);
        assertThat(out.getRGB(35, 30) & 0xffffff).as("an occluded point is a hollow dot").isEqualTo(0x808080);
        assertThat(out.getRGB(38, 30) & 0xffffff).as("the ring of the hollow dot").isNotEqualTo(0x808080);
        for (int dx = -3; dx <= 3; dx++) {
            for (int dy = -3; dy <= 3; dy++) {
                assertThat(out.getRGB(65 + dx, 55 + dy) & 0xffffff).as("no dot for a point not labelled")
                        .isEqualTo(0x808080);
            }
        }
    }

    @Test
    void aDepthLabelIsWrappedToTheMapsWidth() {
        java.awt.FontMetrics metrics = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
                .getFontMetrics(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 10));
        String label = "the scene [0] depth 0.95-11.80 m (near warm, far cold)";
        List<String> lines = OverlayRenderer.wrap(label, metrics, 90);
        assertThat(lines).hasSizeGreaterThan(1);
        assertThat(String.join(" ", lines)).isEqualTo(label);
        lines.forEach(l -> assertThat(metrics.stringWidth(l)).as(l).isLessThanOrEqualTo(90));
        assertThat(OverlayRenderer.wrap(label, metrics, 10_000)).containsExactly(label);

        // drawn: the map beside the picture, the label's last words inside it
        float[] depth = new float[100 * 80];
        java.util.Arrays.fill(depth, 3f);
        BufferedImage out = new OverlayRenderer().render(grey(100, 80), List.of(ReferredObject.decoded("the scene", 0,
                new org.refvlm.api.DepthUnit(new org.refvlm.api.DepthMap(100, 80, depth)))));
        assertThat(out.getWidth()).isEqualTo(200);
    }
}
