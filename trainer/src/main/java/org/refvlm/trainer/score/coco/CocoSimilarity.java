package org.refvlm.trainer.score.coco;

import java.util.List;

/**
 * The overlap matrix of pycocotools' {@code computeIoU} / {@code computeOks}: one row per detection
 * (already in score order and cut to the detection limit), one column per ground truth. A crowd
 * ground truth is compared against the detection's own area (the union is the detection), so any
 * number of detections can fall inside it.
 */
final class CocoSimilarity {

    private CocoSimilarity() {
    }

    static double[][] matrix(CocoParams params, List<CocoAnnotation> dts, List<CocoAnnotation> gts) {
        if (dts.isEmpty() || gts.isEmpty()) {
            return new double[dts.size()][0];
        }
        double[][] o = new double[dts.size()][gts.size()];
        for (int d = 0; d < dts.size(); d++) {
            for (int g = 0; g < gts.size(); g++) {
                CocoAnnotation dt = dts.get(d);
                CocoAnnotation gt = gts.get(g);
                o[d][g] = switch (params.type()) {
                    case BBOX -> boxIou(dt.bbox(), gt.bbox(), gt.crowd());
                    case SEGM -> maskIou(dt, gt);
                    case KEYPOINTS -> oks(dt, gt, params.keypointSigmas());
                };
            }
        }
        return o;
    }

    /** Boxes as {@code [x, y, w, h]}; the arithmetic in the order of the reference's C code. */
    static double boxIou(double[] d, double[] g, boolean crowd) {
        double ga = g[2] * g[3];
        double da = d[2] * d[3];
        double w = Math.min(d[2] + d[0], g[2] + g[0]) - Math.max(d[0], g[0]);
        if (w <= 0) {
            return 0;
        }
        double h = Math.min(d[3] + d[1], g[3] + g[1]) - Math.max(d[1], g[1]);
        if (h <= 0) {
            return 0;
        }
        double i = w * h;
        double u = crowd ? da : da + ga - i;
        return i / u;
    }

    static double maskIou(CocoAnnotation dt, CocoAnnotation gt) {
        long i;
        try {
            i = RleOverlap.intersection(dt.mask(), gt.mask());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("detection " + dt.id() + " and annotation " + gt.id() + " of image "
                    + gt.imageId() + ": " + e.getMessage(), e);
        }
        long da = dt.mask().area();
        long u = gt.crowd() ? da : da + gt.mask().area() - i;
        return u > 0 ? (double) i / u : 0;
    }

    /**
     * Object keypoint similarity: the mean over the ground truth's labelled keypoints of
     * exp(-d^2 / (2 s^2 (2 sigma)^2)), s^2 the ground truth's area. A ground truth without labelled
     * keypoints is compared by how far each detected keypoint lies outside twice its box.
     */
    static double oks(CocoAnnotation dt, CocoAnnotation gt, double[] sigmas) {
        double[] g = gt.keypoints();
        double[] d = dt.keypoints();
        int k = sigmas.length;
        if (g == null || d == null || g.length != 3 * k || d.length != 3 * k) {
            throw new IllegalArgumentException("keypoints must be " + k + " x [x, y, v] (annotation " + gt.id()
                    + ", detection " + dt.id() + ")");
        }
        int labelled = 0;
        for (int j = 0; j < k; j++) {
            if (g[3 * j + 2] > 0) {
                labelled++;
            }
        }
        double[] bb = gt.bbox();
        double x0 = bb[0] - bb[2];
        double x1 = bb[0] + bb[2] * 2;
        double y0 = bb[1] - bb[3];
        double y1 = bb[1] + bb[3] * 2;
        double sum = 0;
        int n = 0;
        for (int j = 0; j < k; j++) {
            double xd = d[3 * j];
            double yd = d[3 * j + 1];
            double dx;
            double dy;
            if (labelled > 0) {
                if (g[3 * j + 2] <= 0) {
                    continue;
                }
                dx = xd - g[3 * j];
                dy = yd - g[3 * j + 1];
            } else {
                dx = Math.max(0, x0 - xd) + Math.max(0, xd - x1);
                dy = Math.max(0, y0 - yd) + Math.max(0, yd - y1);
            }
            double var = (sigmas[j] * 2) * (sigmas[j] * 2);
            double e = (dx * dx + dy * dy) / var / (gt.area() + Math.ulp(1.0)) / 2;
            sum += Math.exp(-e);
            n++;
        }
        return sum / n;
    }
}
