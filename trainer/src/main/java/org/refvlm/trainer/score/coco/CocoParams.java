package org.refvlm.trainer.score.coco;

import java.util.List;

/**
 * The evaluation settings of pycocotools' {@code Params} for one {@link CocoIouType}: IoU thresholds
 * 0.50:0.05:0.95, 101 recall points 0:0.01:1, the area ranges and the detections kept per image.
 * Thresholds are computed the way numpy's {@code linspace} computes them (start + i * step, the
 * last one set to the stop value), so that comparisons on exact ties agree with the reference.
 *
 * @param areaRanges  {@code [min, max]} object areas in pixels, inclusive, one per label
 * @param areaLabels  names of the area ranges, {@code all} first
 * @param maxDets     detections per image considered, ascending; the last one bounds the matching
 * @param keypointSigmas per-keypoint falloff of OKS; COCO's 17 person keypoints unless set otherwise
 */
public record CocoParams(CocoIouType type, double[] iouThresholds, double[] recallThresholds, List<double[]> areaRanges,
        List<String> areaLabels, int[] maxDets, double[] keypointSigmas) {

    /** Per-keypoint falloff of COCO's 17 person keypoints, nose to right ankle, as OKS uses them. */
    static final double[] PERSON_KEYPOINT_SIGMAS = sigmas(
            .26, .25, .25, .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07, .87, .87, .89, .89);

    public static CocoParams of(CocoIouType type) {
        double[] iou = linspace(0.5, 0.95, (int) Math.round((0.95 - 0.5) / 0.05) + 1);
        double[] recall = linspace(0.0, 1.0, (int) Math.round((1.0 - 0.0) / 0.01) + 1);
        double big = 1e5 * 1e5;
        if (type == CocoIouType.KEYPOINTS) {
            return new CocoParams(type, iou, recall,
                    List.of(new double[] {0, big}, new double[] {32 * 32, 96 * 96}, new double[] {96 * 96, big}),
                    List.of("all", "medium", "large"), new int[] {20}, PERSON_KEYPOINT_SIGMAS);
        }
        return new CocoParams(type, iou, recall,
                List.of(new double[] {0, big}, new double[] {0, 32 * 32}, new double[] {32 * 32, 96 * 96},
                        new double[] {96 * 96, big}),
                List.of("all", "small", "medium", "large"), new int[] {1, 10, 100}, PERSON_KEYPOINT_SIGMAS);
    }

    /** The same settings with other keypoints (another keypoint layout than COCO's person). */
    public CocoParams withKeypointSigmas(double[] sigmas) {
        return new CocoParams(type, iouThresholds, recallThresholds, areaRanges, areaLabels, maxDets, sigmas.clone());
    }

    /** The largest number of detections per image the evaluation looks at. */
    public int maxDetections() {
        return maxDets[maxDets.length - 1];
    }

    /** numpy's {@code linspace(start, stop, num)} with its endpoint: the same doubles, bit for bit. */
    static double[] linspace(double start, double stop, int num) {
        double[] v = new double[num];
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) {
            v[i] = i * step + start;
        }
        v[num - 1] = stop;
        return v;
    }

    private static double[] sigmas(double... tenfold) {
        double[] s = new double[tenfold.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = tenfold[i] / 10.0;
        }
        return s;
    }
}
