package org.refvlm.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricMathTest {

    private static final PixelBox TEN = new PixelBox(0, 0, 10, 10);

    @Test
    void boxIouOfKnownBoxes() {
        assertThat(TEN.iou(TEN)).isEqualTo(1.0);
        // half overlap sideways: I = 50, U = 150
        assertThat(TEN.iou(new PixelBox(5, 0, 15, 10))).isCloseTo(1.0 / 3, within(1e-12));
        // contained half: I = 50, U = 100
        assertThat(TEN.iou(new PixelBox(0, 0, 10, 5))).isEqualTo(0.5);
        assertThat(TEN.iou(new PixelBox(10, 0, 20, 10))).isZero();
        assertThat(new PixelBox(3, 3, 3, 3).iou(new PixelBox(3, 3, 3, 3))).isZero();
    }

    @Test
    void recAccuracyCountsIouOfHalfAsCorrectAndMissingPredictionsAsWrong() {
        RecAccuracy acc = new RecAccuracy();
        assertThat(acc.accuracy()).isNaN();
        assertThat(acc.add(TEN, TEN)).isEqualTo(1.0);
        assertThat(acc.add(new PixelBox(0, 0, 10, 5), TEN)).isEqualTo(0.5);
        assertThat(acc.add(new PixelBox(5, 0, 15, 10), TEN)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(acc.add(null, TEN)).isZero();
        assertThat(acc.samples()).isEqualTo(4);
        assertThat(acc.correct()).isEqualTo(2);
        assertThat(acc.accuracy()).isEqualTo(0.5);
        assertThat(acc.meanIou()).isCloseTo((1 + 0.5 + 1.0 / 3) / 4, within(1e-12));
    }

    @Test
    void cIouWeighsLargeObjectsWhileMIouWeighsSamplesEqually() {
        MaskIoU m = new MaskIoU();
        m.add(new MaskOverlap(90, 100)); // large object, good answer
        m.add(new MaskOverlap(0, 10));   // small object, missed
        assertThat(m.cIoU()).isCloseTo(90.0 / 110, within(1e-12));
        assertThat(m.mIoU()).isCloseTo(0.45, within(1e-12));
    }

    @Test
    void emptyUnionCountsAsOne() {
        assertThat(new MaskOverlap(0, 0).iou()).isEqualTo(1.0);
        MaskIoU m = new MaskIoU();
        m.add(new MaskOverlap(0, 0));
        m.add(new MaskOverlap(1, 4));
        assertThat(m.mIoU()).isEqualTo((1 + 0.25) / 2);
        assertThat(m.cIoU()).isEqualTo(0.25);
        MaskIoU empty = new MaskIoU();
        empty.add(new MaskOverlap(0, 0));
        assertThat(empty.cIoU()).isEqualTo(1.0);
    }

    @Test
    void missingMaskIsAnEmptyPrediction() {
        MaskRegion target = new MaskRegion(rect(4, 6, 1, 1, 3, 4)); // 2 x 3 pixels
        MaskOverlap o = MaskOverlap.of(null, target);
        assertThat(o).isEqualTo(new MaskOverlap(0, 6));
        assertThat(o.iou()).isZero();
    }

    @Test
    void maskOverlapCountsPixels() {
        MaskRegion a = new MaskRegion(rect(5, 7, 0, 0, 4, 2)); // x 0..3, y 0..1: 8 px
        MaskRegion b = new MaskRegion(rect(5, 7, 2, 1, 6, 3)); // x 2..5, y 1..2: 8 px
        MaskOverlap o = MaskOverlap.of(a, b);
        assertThat(o.intersection()).isEqualTo(2); // x 2..3, y 1
        assertThat(o.union()).isEqualTo(14);
        assertThatThrownBy(() -> MaskOverlap.of(a, new MaskRegion(rect(7, 5, 0, 0, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5x7");
    }

    /** The data's and the API's RLE classes agree on the column-major order, and both decode row-major. */
    @Test
    void dataMasksAreRegionsPixelForPixel() {
        int w = 7, h = 5;
        boolean[] px = new boolean[w * h];
        px[0 * w + 6] = true; // top-right: only a row-major reading puts it here
        px[4 * w + 1] = true;
        px[2 * w + 3] = true;
        org.refvlm.data.BinaryMask mask = new org.refvlm.data.BinaryMask(w, h, px);
        MaskRegion region = new MaskRegion(mask.toRle());
        assertThat(region.pixels()).containsExactly(px);
        assertThat(region.rle()).isEqualTo(org.refvlm.api.CocoRle.encode(px, h, w));
        assertThat(org.refvlm.data.BinaryMask.of(region.rle()).pixels()).containsExactly(px);
    }

    @Test
    void trpWellFormednessUsesTheStrictParser() {
        TrpWellFormedness t = new TrpWellFormedness();
        assertThat(t.add("<Phrase>the red circle</Phrase>(<Unit>box</Unit>[0]<REF>)", 1)).isNull();
        assertThat(t.add("There is nothing to see.", 0)).isNull();
        assertThat(t.add("<Phrase>the red circle</Phrase>(<Unit>box</Unit>[0]", 0)).isNotBlank();
        assertThat(t.answers()).isEqualTo(3);
        assertThat(t.wellFormed()).isEqualTo(2);
        assertThat(t.withoutObjects()).isEqualTo(2);
        assertThat(t.rate()).isCloseTo(2.0 / 3, within(1e-12));
    }

    /** A mask of size h x w with the rectangle [x0, x1) x [y0, y1) set. */
    static org.refvlm.api.CocoRle rect(int h, int w, int x0, int y0, int x1, int y1) {
        boolean[] px = new boolean[w * h];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                px[y * w + x] = true;
            }
        }
        return org.refvlm.api.CocoRle.encode(px, h, w);
    }
}
