package org.refvlm.trainer.score.coco;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * COCO's detection evaluation as pycocotools' {@code COCOeval} does it: per image and category,
 * detections in descending score order (ties keep file order) are matched greedily to the
 * unmatched ground truth of highest IoU, crowd and out-of-range ground truth being matchable but
 * ignored; per category and area range the matches of all images are pooled by score, turned into
 * a precision envelope and read at 101 recall points. Each step keeps the reference's order of
 * operations, since its numbers must be reproduced to the last digit.
 */
public final class CocoEvaluator {

    private final CocoParams params;

    public CocoEvaluator(CocoIouType type) {
        this(CocoParams.of(type));
    }

    public CocoEvaluator(CocoParams params) {
        this.params = params;
    }

    public CocoParams params() {
        return params;
    }

    /** The outcome of one image and category within one area range: pycocotools' {@code evaluateImg}. */
    private record ImageResult(double[] dtScores, boolean[][] dtMatched, boolean[][] dtIgnored, boolean[] gtIgnored) {
    }

    /**
     * @throws IllegalArgumentException when an annotation or detection lacks what the evaluation
     *     compares (a box, a mask, keypoints), naming it
     */
    public CocoEvaluation evaluate(CocoDataset gt, List<CocoAnnotation> detections) {
        requireGeometry(gt.annotations(), "annotation");
        requireGeometry(detections, "detection");
        List<Long> imgIds = gt.sortedImageIds();
        List<Long> catIds = gt.sortedCategoryIds();
        Map<String, List<CocoAnnotation>> gts = group(gt.annotations(), imgIds, catIds);
        Map<String, List<CocoAnnotation>> dts = group(detections, imgIds, catIds);

        int areas = params.areaRanges().size();
        ImageResult[][][] results = new ImageResult[catIds.size()][areas][imgIds.size()];
        for (int k = 0; k < catIds.size(); k++) {
            for (int i = 0; i < imgIds.size(); i++) {
                String key = key(imgIds.get(i), catIds.get(k));
                List<CocoAnnotation> g = gts.getOrDefault(key, List.of());
                List<CocoAnnotation> d = byScore(dts.getOrDefault(key, List.of()));
                if (g.isEmpty() && d.isEmpty()) {
                    continue;
                }
                double[][] ious = CocoSimilarity.matrix(params, d, g);
                for (int a = 0; a < areas; a++) {
                    results[k][a][i] = evaluateImage(g, d, ious, params.areaRanges().get(a));
                }
            }
        }
        Accumulated acc = accumulate(results, catIds.size());
        return summarize(acc, gt, catIds);
    }

    private void requireGeometry(List<CocoAnnotation> anns, String what) {
        for (CocoAnnotation a : anns) {
            boolean missing = switch (params.type()) {
                case BBOX -> a.bbox() == null || a.bbox().length != 4;
                case SEGM -> a.mask() == null;
                case KEYPOINTS -> a.keypoints() == null || (what.equals("annotation") && a.bbox() == null);
            };
            if (missing) {
                throw new IllegalArgumentException(what + " " + a.id() + " (image " + a.imageId() + ") has no "
                        + switch (params.type()) {
                            case BBOX -> "bbox [x, y, w, h]";
                            case SEGM -> "segmentation";
                            case KEYPOINTS -> what.equals("annotation") ? "keypoints and bbox" : "keypoints";
                        } + " for a " + params.type().word() + " evaluation");
            }
        }
    }

    /** Detections by descending score, ties in file order, cut to the detection limit. */
    private List<CocoAnnotation> byScore(List<CocoAnnotation> dts) {
        List<CocoAnnotation> sorted = new ArrayList<>(dts);
        sorted.sort(Comparator.comparingDouble(d -> -d.score())); // List.sort is stable, like numpy's mergesort
        return sorted.size() > params.maxDetections() ? sorted.subList(0, params.maxDetections()) : sorted;
    }

    private ImageResult evaluateImage(List<CocoAnnotation> gtAll, List<CocoAnnotation> dt, double[][] iousAll,
            double[] range) {
        // ground truth to ignore (crowd, or area outside the range) goes last, keeping order otherwise
        int n = gtAll.size();
        Integer[] order = new Integer[n];
        boolean[] ignoredAll = new boolean[n];
        for (int g = 0; g < n; g++) {
            CocoAnnotation a = gtAll.get(g);
            order[g] = g;
            ignoredAll[g] = ignored(a) || a.area() < range[0] || a.area() > range[1];
        }
        Arrays.sort(order, Comparator.comparingInt(g -> ignoredAll[g] ? 1 : 0));
        boolean[] gtIg = new boolean[n];
        boolean[] crowd = new boolean[n];
        for (int g = 0; g < n; g++) {
            gtIg[g] = ignoredAll[order[g]];
            crowd[g] = gtAll.get(order[g]).crowd();
        }
        int t = params.iouThresholds().length;
        int m = dt.size();
        long[][] gtMatch = new long[t][n];
        boolean[][] dtMatched = new boolean[t][m];
        boolean[][] dtIg = new boolean[t][m];
        if (n > 0 && m > 0) {
            for (int ti = 0; ti < t; ti++) {
                for (int d = 0; d < m; d++) {
                    double best = Math.min(params.iouThresholds()[ti], 1 - 1e-10);
                    int match = -1;
                    for (int g = 0; g < n; g++) {
                        if (gtMatch[ti][g] > 0 && !crowd[g]) {
                            continue; // taken, and only crowds take several
                        }
                        if (match > -1 && !gtIg[match] && gtIg[g]) {
                            break; // a real match beats any ignored one, which all come after it
                        }
                        double iou = iousAll[d][order[g]];
                        if (iou < best) {
                            continue;
                        }
                        best = iou;
                        match = g;
                    }
                    if (match == -1) {
                        continue;
                    }
                    dtIg[ti][d] = gtIg[match];
                    dtMatched[ti][d] = true;
                    gtMatch[ti][match] = dt.get(d).id();
                }
            }
        }
        double[] scores = new double[m];
        for (int d = 0; d < m; d++) {
            CocoAnnotation a = dt.get(d);
            scores[d] = a.score();
            boolean outside = a.area() < range[0] || a.area() > range[1];
            for (int ti = 0; ti < t; ti++) {
                // an unmatched detection outside the range is neither right nor wrong there
                dtIg[ti][d] = dtIg[ti][d] || (!dtMatched[ti][d] && outside);
            }
        }
        return new ImageResult(scores, dtMatched, dtIg, gtIg);
    }

    private boolean ignored(CocoAnnotation gt) {
        return gt.crowd() || (params.type() == CocoIouType.KEYPOINTS && gt.numKeypoints() == 0);
    }

    /** Precision at each recall point [T][R][K][A][M] and final recall [T][K][A][M]; -1 = nothing to measure. */
    private record Accumulated(double[][][][][] precision, double[][][][] recall) {
    }

    private Accumulated accumulate(ImageResult[][][] results, int categories) {
        int t = params.iouThresholds().length;
        double[] recThrs = params.recallThresholds();
        int r = recThrs.length;
        int areas = params.areaRanges().size();
        int[] maxDets = params.maxDets();
        double[][][][][] precision = new double[t][r][categories][areas][maxDets.length];
        double[][][][] recall = new double[t][categories][areas][maxDets.length];
        for (double[][][][] a : precision) {
            for (double[][][] b : a) {
                for (double[][] c : b) {
                    for (double[] d : c) {
                        Arrays.fill(d, -1);
                    }
                }
            }
        }
        for (double[][][] a : recall) {
            for (double[][] b : a) {
                for (double[] c : b) {
                    Arrays.fill(c, -1);
                }
            }
        }
        for (int k = 0; k < categories; k++) {
            for (int a = 0; a < areas; a++) {
                for (int mi = 0; mi < maxDets.length; mi++) {
                    int maxDet = maxDets[mi];
                    List<ImageResult> e = new ArrayList<>();
                    for (ImageResult ir : results[k][a]) {
                        if (ir != null) {
                            e.add(ir);
                        }
                    }
                    if (e.isEmpty()) {
                        continue;
                    }
                    // pool the first maxDet detections of every image, then order them by score (stable)
                    List<double[]> pooled = new ArrayList<>(); // {score, image index, detection index}
                    int npig = 0;
                    for (int i = 0; i < e.size(); i++) {
                        ImageResult ir = e.get(i);
                        int keep = Math.min(maxDet, ir.dtScores().length);
                        for (int d = 0; d < keep; d++) {
                            pooled.add(new double[] {ir.dtScores()[d], i, d});
                        }
                        for (boolean ig : ir.gtIgnored()) {
                            if (!ig) {
                                npig++;
                            }
                        }
                    }
                    if (npig == 0) {
                        continue;
                    }
                    pooled.sort(Comparator.comparingDouble(p -> -p[0]));
                    int nd = pooled.size();
                    for (int ti = 0; ti < t; ti++) {
                        double[] rc = new double[nd];
                        double[] pr = new double[nd];
                        double tp = 0;
                        double fp = 0;
                        for (int j = 0; j < nd; j++) {
                            ImageResult ir = e.get((int) pooled.get(j)[1]);
                            int d = (int) pooled.get(j)[2];
                            boolean ignoredHere = ir.dtIgnored()[ti][d];
                            if (!ignoredHere) {
                                if (ir.dtMatched()[ti][d]) {
                                    tp++;
                                } else {
                                    fp++;
                                }
                            }
                            rc[j] = tp / npig;
                            pr[j] = tp / (fp + tp + Math.ulp(1.0));
                        }
                        recall[ti][k][a][mi] = nd > 0 ? rc[nd - 1] : 0;
                        // the precision envelope: best precision at this recall or any higher one
                        for (int j = nd - 1; j > 0; j--) {
                            if (pr[j] > pr[j - 1]) {
                                pr[j - 1] = pr[j];
                            }
                        }
                        for (int ri = 0; ri < r; ri++) {
                            int at = firstAtLeast(rc, recThrs[ri]);
                            // past the highest recall reached, precision stays 0 (the reference stops filling there)
                            precision[ti][ri][k][a][mi] = at < nd ? pr[at] : 0;
                            if (at >= nd) {
                                for (int rest = ri; rest < r; rest++) {
                                    precision[ti][rest][k][a][mi] = 0;
                                }
                                break;
                            }
                        }
                    }
                }
            }
        }
        return new Accumulated(precision, recall);
    }

    /** numpy's {@code searchsorted(sorted, value, side='left')}: the first index whose value is >= value. */
    private static int firstAtLeast(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private CocoEvaluation summarize(Accumulated acc, CocoDataset gt, List<Long> catIds) {
        List<String> lines = new ArrayList<>();
        double[] stats;
        int last = params.maxDets().length - 1;
        if (params.type() == CocoIouType.KEYPOINTS) {
            stats = new double[] {
                summary(acc, lines, true, null, "all", 20), summary(acc, lines, true, .5, "all", 20),
                summary(acc, lines, true, .75, "all", 20), summary(acc, lines, true, null, "medium", 20),
                summary(acc, lines, true, null, "large", 20), summary(acc, lines, false, null, "all", 20),
                summary(acc, lines, false, .5, "all", 20), summary(acc, lines, false, .75, "all", 20),
                summary(acc, lines, false, null, "medium", 20), summary(acc, lines, false, null, "large", 20)};
        } else {
            int[] md = params.maxDets();
            stats = new double[] {
                summary(acc, lines, true, null, "all", md[last]), summary(acc, lines, true, .5, "all", md[last]),
                summary(acc, lines, true, .75, "all", md[last]), summary(acc, lines, true, null, "small", md[last]),
                summary(acc, lines, true, null, "medium", md[last]), summary(acc, lines, true, null, "large", md[last]),
                summary(acc, lines, false, null, "all", md[0]), summary(acc, lines, false, null, "all", md[1]),
                summary(acc, lines, false, null, "all", md[last]), summary(acc, lines, false, null, "small", md[last]),
                summary(acc, lines, false, null, "medium", md[last]), summary(acc, lines, false, null, "large", md[last])};
        }
        Map<Long, Double> perCategory = new LinkedHashMap<>();
        Map<Long, String> names = new LinkedHashMap<>();
        for (int k = 0; k < catIds.size(); k++) {
            List<Double> values = new ArrayList<>();
            for (double[][][][] byRecall : acc.precision()) {
                for (double[][][] byCat : byRecall) {
                    double v = byCat[k][0][last];
                    if (v > -1) {
                        values.add(v);
                    }
                }
            }
            perCategory.put(catIds.get(k), mean(values));
            names.put(catIds.get(k), gt.categoryName(catIds.get(k)));
        }
        return new CocoEvaluation(params.type(), stats, lines, perCategory, names);
    }

    /** One summary number: the mean of the precision (AP) or recall (AR) entries that were measured. */
    private double summary(Accumulated acc, List<String> lines, boolean ap, Double iouThr, String area, int maxDets) {
        int a = params.areaLabels().indexOf(area);
        int m = -1;
        for (int i = 0; i < params.maxDets().length; i++) {
            if (params.maxDets()[i] == maxDets) {
                m = i;
            }
        }
        double[] thr = params.iouThresholds();
        List<Double> values = new ArrayList<>();
        for (int t = 0; t < thr.length; t++) {
            if (iouThr != null && thr[t] != iouThr) {
                continue; // exact comparison, as the reference's np.where(iouThr == p.iouThrs)
            }
            if (ap) {
                for (double[][][] byRecall : acc.precision()[t]) {
                    for (double[][] byCategory : byRecall) {
                        double v = byCategory[a][m];
                        if (v > -1) {
                            values.add(v);
                        }
                    }
                }
            } else {
                for (double[][] byArea : acc.recall()[t]) {
                    double v = byArea[a][m];
                    if (v > -1) {
                        values.add(v);
                    }
                }
            }
        }
        double mean = mean(values);
        String iouText = iouThr == null
                ? String.format(Locale.ROOT, "%.2f:%.2f", thr[0], thr[thr.length - 1])
                : String.format(Locale.ROOT, "%.2f", iouThr);
        lines.add(String.format(Locale.ROOT, " %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3d ] = %.3f",
                ap ? "Average Precision" : "Average Recall", ap ? "(AP)" : "(AR)", iouText, area, maxDets, mean));
        return mean;
    }

    private static double mean(List<Double> values) {
        if (values.isEmpty()) {
            return -1;
        }
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.size();
    }

    private static Map<String, List<CocoAnnotation>> group(List<CocoAnnotation> anns, List<Long> imgIds, List<Long> catIds) {
        java.util.Set<Long> imgs = new java.util.HashSet<>(imgIds);
        java.util.Set<Long> cats = new java.util.HashSet<>(catIds);
        Map<String, List<CocoAnnotation>> byKey = new HashMap<>();
        for (CocoAnnotation a : anns) {
            if (imgs.contains(a.imageId()) && cats.contains(a.categoryId())) {
                byKey.computeIfAbsent(key(a.imageId(), a.categoryId()), k -> new ArrayList<>()).add(a);
            }
        }
        return byKey;
    }

    private static String key(long imageId, long categoryId) {
        return imageId + "/" + categoryId;
    }
}
