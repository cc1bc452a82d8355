package org.refvlm.trainer.eval.tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.refvlm.api.Response;
import org.refvlm.data.TaskType;
import org.refvlm.data.Unit;
import org.refvlm.trainer.eval.Metric;
import org.refvlm.trainer.score.coco.CocoEvaluation;
import org.refvlm.trainer.score.coco.CocoIouType;

/**
 * Grounded conversation generation (Table VI) by GLaMM's protocol, for GCG-mask and GCG-box apart
 * (metric keys {@code mask.*} and {@code box.*}):
 * <ul>
 *   <li>caption: the answer's plain text (task block, unit groups and phrase tags removed) against the
 *       expected answer's, CIDEr-D and METEOR (exact+stem+synonym), times 100;</li>
 *   <li>AP50: class-agnostic COCO evaluation (every object category 1, every prediction score 1, as
 *       the reference writes them) of the masks (boxes), its AP at IoU 0.5;</li>
 *   <li>mIoU: per answer, predictions and targets paired greedily by highest IoU while it is above 0,
 *       the mean IoU of the pairs (0 without any), averaged over answers;</li>
 *   <li>recall: pairs taken greedily by highest IoU while the best one has IoU >= 0.5 and a matching
 *       phrase, over all targets. GLaMM matches phrases by BERT similarity >= 0.5; here by
 *       {@link PhraseSimilarity} (bag-of-words cosine >= 0.5), since BERT cannot run here.</li>
 * </ul>
 */
public final class GcgScorer implements TaskScorer {

    /** The accumulators of one unit. */
    private static final class Part {
        final CaptionScorer captions = new CaptionScorer(false);
        final CocoExport coco = new CocoExport(null, false);
        final List<Double> perAnswerMiou = new ArrayList<>();
        int targets;
        int recalled;
        CocoEvaluation ap;
    }

    private final Part mask = new Part();
    private final Part box = new Part();

    @Override
    public void add(TurnItem item, Response response) {
        Unit unit = item.sample().task() == TaskType.GCG_BOX ? Unit.BOX : Unit.MASK;
        Part part = unit == Unit.MASK ? mask : box;
        part.captions.add(item, response);
        List<TurnRegions.Named> truth = TurnRegions.truth(item, unit);
        List<TurnRegions.Named> predicted = TurnRegions.predicted(response.objects(), unit);
        long image = part.coco.image(item);
        long category = part.coco.category("object");
        truth.forEach(t -> part.coco.addTruth(image, category, t.region(), null, 0));
        predicted.forEach(p -> part.coco.addDetection(image, category, p.region(), null, 1.0));

        double[][] iou = new double[truth.size()][predicted.size()];
        for (int i = 0; i < truth.size(); i++) {
            for (int j = 0; j < predicted.size(); j++) {
                iou[i][j] = TurnRegions.iou(predicted.get(j).region(), truth.get(i).region());
            }
        }
        List<GreedyPairs.Pair> overlapping = GreedyPairs.pair(iou, (i, j) -> iou[i][j] > 0);
        part.perAnswerMiou.add(overlapping.stream().mapToDouble(GreedyPairs.Pair::iou).average().orElse(0));
        List<GreedyPairs.Pair> found = GreedyPairs.pair(iou, (i, j) -> iou[i][j] >= 0.5
                && PhraseSimilarity.matches(truth.get(i).phrase(), predicted.get(j).phrase()));
        part.targets += truth.size();
        part.recalled += found.size();
    }

    @Override
    public void writeFiles(Path folder) throws IOException {
        if (mask.coco.hasTruth()) {
            mask.ap = mask.coco.writeAndEvaluate(folder.resolve("coco_gt_gcg_mask.json"),
                    folder.resolve("coco_results_gcg_mask.json"), CocoIouType.SEGM);
        }
        if (box.coco.hasTruth()) {
            box.ap = box.coco.writeAndEvaluate(folder.resolve("coco_gt_gcg_box.json"),
                    folder.resolve("coco_results_gcg_box.json"), CocoIouType.BBOX);
        }
    }

    @Override
    public List<Metric> metrics() {
        List<Metric> m = new ArrayList<>();
        metrics(m, "mask", mask);
        metrics(m, "box", box);
        return m;
    }

    private static void metrics(List<Metric> m, String w, Part p) {
        for (Metric c : p.captions.metrics()) {
            m.add(new Metric(w + "." + c.key(), "GCG-" + w + " " + c.label(), p.perAnswerMiou.isEmpty() ? Double.NaN : c.value()));
        }
        m.add(new Metric(w + ".AP50", "GCG-" + w + " AP50 (class-agnostic)",
                p.ap == null || p.ap.ap50() < 0 ? Double.NaN : p.ap.ap50()));
        m.add(new Metric(w + ".mIoU", "GCG-" + w + " mIoU (greedy pairs)",
                p.perAnswerMiou.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
        m.add(new Metric(w + ".recall", "GCG-" + w + " recall (IoU >= 0.5 and phrase match)",
                p.targets == 0 ? Double.NaN : (double) p.recalled / p.targets));
    }

    @Override
    public String running() {
        int t = mask.targets + box.targets;
        return String.format(Locale.ROOT, "recall %.3f", t == 0 ? Double.NaN : (double) (mask.recalled + box.recalled) / t);
    }
}
