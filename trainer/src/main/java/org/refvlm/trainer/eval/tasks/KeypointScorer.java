package org.refvlm.trainer.eval.tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.KeypointsUnit;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Response;
import org.refvlm.data.KeypointSet;
import org.refvlm.data.PhraseGroup;
import org.refvlm.data.Unit;
import org.refvlm.trainer.eval.Metric;
import org.refvlm.trainer.eval.MaskRegion;
import org.refvlm.trainer.eval.PixelBox;
import org.refvlm.trainer.eval.Region;
import org.refvlm.trainer.score.coco.CocoEvaluation;
import org.refvlm.trainer.score.coco.CocoEvaluator;
import org.refvlm.trainer.score.coco.CocoIouType;
import org.refvlm.trainer.score.coco.CocoParams;

/**
 * Keypoint detection as COCO's keypoint evaluation (OKS AP, at most 20 detections per image): each
 * turn names a class; every keypoint set the answer decodes is a detection of it, scored by its box's
 * confidence. A COCO evaluation needs one keypoint layout, so each schema is evaluated on its own and
 * the mean AP over schemas is reported too: {@code coco-person} with COCO's per-keypoint sigmas, the
 * synthetic shapes' schemas with one sigma of 0.072 for every keypoint (near COCO's mean, 0.067; the
 * keypoint decoder's synthetic schemas train with the same value), which
 * makes their AP a COCO-style number, not a COCO one. The ground truth's area (OKS's scale) is its
 * mask's area when the sample has the object's mask, else its box's. A decoded set counts as a
 * detection of the turn's schema when it names that schema (or names none) and has that schema's
 * number of keypoints; a set of another schema (the decoder took the hexagon for a star) is not one.
 */
public final class KeypointScorer implements TaskScorer {

    static final double SYNTHETIC_SIGMA = 0.072;
    private final Map<String, CocoExport> bySchema = new LinkedHashMap<>();
    private final Map<String, Integer> keypointCount = new LinkedHashMap<>();
    private final Map<String, CocoEvaluation> results = new LinkedHashMap<>();

    @Override
    public void add(TurnItem item, Response response) {
        org.refvlm.data.Targets t = item.sample().targets();
        String schema = null;
        for (PhraseGroup g : item.turn().groups()) {
            for (int i : g.refs().getOrDefault(Unit.KEYPOINT, List.of())) {
                KeypointSet k = t.keypoints().get(i);
                schema = k.schema();
                CocoExport coco = export(schema, k.points().size());
                double[] flat = new double[3 * k.points().size()];
                for (int j = 0; j < k.points().size(); j++) {
                    flat[3 * j] = k.points().get(j).x();
                    flat[3 * j + 1] = k.points().get(j).y();
                    flat[3 * j + 2] = k.points().get(j).visibility();
                }
                // the mask when there is one: its area is OKS's scale, as COCO's segmentation area is
                Region region = i < t.masks().size() ? new MaskRegion(t.masks().get(i))
                        : i < t.boxes().size() ? PixelBox.of(t.boxes().get(i)) : null;
                coco.addTruth(coco.image(item), coco.category(g.phrase()), region, flat, (int) k.labelledCount());
            }
        }
        if (schema == null || item.turn().groups().isEmpty()) {
            return;
        }
        CocoExport coco = bySchema.get(schema);
        long image = coco.image(item);
        long category = coco.category(item.turn().groups().get(0).phrase());
        for (ReferredObject o : response.objects()) {
            DecodedUnit v = o.result().orElse(null);
            if (v instanceof KeypointsUnit k && (!k.hasSchema() || k.schema().equals(schema))
                    && k.keypoints().size() == keypointCount.get(schema)) {
                double[] flat = new double[3 * k.keypoints().size()];
                for (int j = 0; j < k.keypoints().size(); j++) {
                    flat[3 * j] = k.keypoints().get(j).x();
                    flat[3 * j + 1] = k.keypoints().get(j).y();
                    flat[3 * j + 2] = k.keypoints().get(j).visibility();
                }
                coco.addDetection(image, category, null, flat, k.box().score());
            }
        }
    }

    private CocoExport export(String schema, int points) {
        keypointCount.putIfAbsent(schema, points);
        return bySchema.computeIfAbsent(schema, s -> new CocoExport(null, false));
    }

    @Override
    public void writeFiles(Path folder) throws IOException {
        for (Map.Entry<String, CocoExport> e : bySchema.entrySet()) {
            String schema = e.getKey();
            CocoParams params = CocoParams.of(CocoIouType.KEYPOINTS);
            if (!schema.equals("coco-person")) {
                double[] sigmas = new double[keypointCount.get(schema)];
                Arrays.fill(sigmas, SYNTHETIC_SIGMA);
                params = params.withKeypointSigmas(sigmas);
            }
            results.put(schema, e.getValue().writeAndEvaluate(folder.resolve("coco_gt_keypoints_" + schema + ".json"),
                    folder.resolve("coco_results_keypoints_" + schema + ".json"), new CocoEvaluator(params)));
        }
    }

    /** COCO's keypoint summary, in its order (maxDets 20; medium and large areas). */
    private static final String[] STATS = {"AP", "AP50", "AP75", "APm", "APl", "AR", "AR50", "AR75", "ARm", "ARl"};

    @Override
    public List<Metric> metrics() {
        List<Metric> m = new ArrayList<>();
        double[][] all = new double[STATS.length][];
        int schemas = results.size();
        for (int k = 0; k < STATS.length; k++) {
            all[k] = new double[schemas];
        }
        int s = 0;
        for (Map.Entry<String, CocoEvaluation> e : results.entrySet()) {
            double[] stats = e.getValue().stats();
            for (int k = 0; k < STATS.length; k++) {
                all[k][s] = k < stats.length && stats[k] >= 0 ? stats[k] : Double.NaN;
            }
            m.add(new Metric("AP." + e.getKey(), e.getKey() + ": OKS AP", all[0][s]));
            s++;
        }
        // the means over schemas first, in COCO's order; AR50 is the share of instances found at OKS >= 0.5
        List<Metric> means = new ArrayList<>();
        for (int k = 0; k < STATS.length; k++) {
            String what = switch (STATS[k]) {
                case "AP" -> "OKS AP, mean over keypoint schemas";
                case "AR50" -> "AR50: instances found at OKS >= 0.5 (of at most 20 detections), mean over schemas";
                default -> "OKS " + STATS[k] + ", mean over keypoint schemas";
            };
            means.add(new Metric(STATS[k], what, mean(all[k])));
        }
        m.addAll(0, means);
        return m;
    }

    private static double mean(double[] v) {
        return java.util.Arrays.stream(v).filter(x -> !Double.isNaN(x)).average().orElse(Double.NaN);
    }

    @Override
    public String running() {
        return "collecting keypoints";
    }
}
