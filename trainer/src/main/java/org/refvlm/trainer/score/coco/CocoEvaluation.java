package org.refvlm.trainer.score.coco;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a COCO evaluation: the summary numbers in pycocotools' order (12 for boxes and
 * masks, 10 for keypoints; -1 where a range has no ground truth), their printed lines, and the AP
 * (IoU 0.50:0.95, all areas, most detections) of every category, -1 for a category without ground truth.
 */
public record CocoEvaluation(CocoIouType type, double[] stats, List<String> summary, Map<Long, Double> perCategoryAp,
        Map<Long, String> categoryNames) {

    public CocoEvaluation {
        stats = stats.clone();
        summary = List.copyOf(summary);
        perCategoryAp = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perCategoryAp));
        categoryNames = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(categoryNames));
    }

    @Override
    public double[] stats() {
        return stats.clone();
    }

    /** AP at IoU 0.50:0.95 (stats[0]). */
    public double ap() {
        return stats[0];
    }

    /** AP at IoU 0.50 (stats[1]). */
    public double ap50() {
        return stats[1];
    }
}
