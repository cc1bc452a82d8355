package org.refvlm.trainer.score.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Small cases of the COCO evaluation whose numbers can be worked out by hand. */
class CocoEvaluatorTest {

    private static final CocoDataset ONE_IMAGE = new CocoDataset(Map.of(1L, new int[] {100, 100}), Map.of(1L, "star"),
            List.of(gt(1, 10, 10, 20, 20, false)));

    @Test
    void aPerfectDetectionScoresOneAndAMissScoresZero() {
        CocoEvaluation hit = new CocoEvaluator(CocoIouType.BBOX).evaluate(ONE_IMAGE, List.of(dt(1, 10, 10, 20, 20, .9)));
        assertThat(hit.ap()).isCloseTo(1.0, within(1e-12));
        assertThat(hit.ap50()).isCloseTo(1.0, within(1e-12));
        CocoEvaluation miss = new CocoEvaluator(CocoIouType.BBOX).evaluate(ONE_IMAGE, List.of(dt(1, 60, 60, 20, 20, .9)));
        assertThat(miss.ap()).isEqualTo(0.0);
    }

    @Test
    void aConfidentFalsePositiveHalvesThePrecisionOfTheTruePositiveBehindIt() {
        // ranked: FP (0.9) then TP (0.8): precision 0.5 at recall 1, so AP = 0.5 at every threshold
        CocoEvaluation ev = new CocoEvaluator(CocoIouType.BBOX).evaluate(ONE_IMAGE,
                List.of(dt(1, 60, 60, 20, 20, .9), dt(2, 10, 10, 20, 20, .8)));
        assertThat(ev.ap()).isCloseTo(0.5, within(1e-12));
        // with one detection per image only the false positive counts: AR@1 = 0
        assertThat(ev.stats()[6]).isEqualTo(0.0);
        assertThat(ev.stats()[8]).isEqualTo(1.0);
    }

    @Test
    void aDetectionInsideACrowdIsNeitherRightNorWrong() {
        CocoDataset crowd = new CocoDataset(Map.of(1L, new int[] {100, 100}), Map.of(1L, "star"),
                List.of(gt(1, 10, 10, 20, 20, false), gt(2, 50, 50, 40, 40, true)));
        CocoEvaluation ev = new CocoEvaluator(CocoIouType.BBOX).evaluate(crowd,
                List.of(dt(1, 55, 55, 10, 10, .95), dt(2, 10, 10, 20, 20, .5)));
        assertThat(ev.ap()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void rangesWithoutGroundTruthReportMinusOne() {
        CocoEvaluation ev = new CocoEvaluator(CocoIouType.BBOX).evaluate(ONE_IMAGE, List.of(dt(1, 10, 10, 20, 20, .9)));
        assertThat(ev.stats()[3]).isCloseTo(1.0, within(1e-12)); // small: 400 px
        assertThat(ev.stats()[4]).isEqualTo(-1.0);
        assertThat(ev.stats()[5]).isEqualTo(-1.0);
        // pycocotools divides by tp + fp + eps, so "perfect" is a hair below 1
        assertThat(ev.perCategoryAp().get(1L)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aDetectionWithoutWhatIsComparedIsNamed() {
        CocoAnnotation noMask = dt(7, 10, 10, 20, 20, .9);
        assertThatThrownBy(() -> new CocoEvaluator(CocoIouType.SEGM).evaluate(ONE_IMAGE, List.of(noMask)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("annotation 1")
                .hasMessageContaining("segmentation");
    }

    @Test
    void thresholdsAreNumpysLinspace() {
        CocoParams p = CocoParams.of(CocoIouType.BBOX);
        assertThat(p.iouThresholds()).hasSize(10);
        assertThat(p.iouThresholds()[5]).isEqualTo(.75);
        assertThat(p.recallThresholds()).hasSize(101);
        assertThat(p.recallThresholds()[100]).isEqualTo(1.0);
    }

    private static CocoAnnotation gt(long id, double x, double y, double w, double h, boolean crowd) {
        return new CocoAnnotation(id, 1, 1, new double[] {x, y, w, h}, w * h, crowd, null, null, 0, 1);
    }

    private static CocoAnnotation dt(long id, double x, double y, double w, double h, double score) {
        return new CocoAnnotation(id, 1, 1, new double[] {x, y, w, h}, w * h, false, null, null, 0, score);
    }
}
