package org.refvlm.trainer.eval.tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.refvlm.api.Response;
import org.refvlm.data.PhraseGroup;
import org.refvlm.data.TaskType;
import org.refvlm.data.Unit;
import org.refvlm.trainer.eval.Metric;
import org.refvlm.trainer.score.coco.CocoEvaluation;
import org.refvlm.trainer.score.coco.CocoIouType;

/**
 * Open-vocabulary detection (boxes) or segmentation (masks), Table IX, as COCO evaluations of the
 * exported ground truth and detections:
 * <ul>
 *   <li>class-prompted samples ({@code ovd}, {@code ovs}): each turn names a class; every object the
 *       answer decodes is a detection of that class with the decoder's confidence as score; COCO mAP
 *       (IoU 0.50:0.95) and AP50;</li>
 *   <li>freeform samples ({@code fovd}, {@code fovs}): the model names the classes itself; as in the
 *       paper's mAP_S, each object's phrase is given the data set's class it is most similar to, and
 *       that similarity is its score. The paper uses CLIP-L/14-336 text features for the similarity;
 *       here it is {@link PhraseSimilarity} (bag-of-words cosine), so it is mAP_S with another
 *       similarity.</li>
 * </ul>
 */
public final class OpenVocabularyScorer implements TaskScorer {

    /** How the exported files number images and categories. */
    public record Ids(Map<String, Long> categories, boolean sourceImageIds) {
        public static final Ids GENERATED = new Ids(null, false);
    }

    private record Freeform(long image, List<TurnRegions.Named> predicted) {
    }

    private final Unit unit;
    private final CocoExport prompted;
    private final CocoExport freeform;
    private final List<Freeform> freeformAnswers = new ArrayList<>();
    private final Set<String> freeformClasses = new LinkedHashSet<>();
    private final Map<String, Long> fixedCategories;
    private CocoEvaluation promptedResult;
    private CocoEvaluation freeformResult;

    public OpenVocabularyScorer(Unit unit, Ids ids) {
        this.unit = unit;
        this.prompted = new CocoExport(ids.categories(), ids.sourceImageIds());
        this.freeform = new CocoExport(ids.categories(), ids.sourceImageIds());
        this.fixedCategories = ids.categories();
    }

    @Override
    public void add(TurnItem item, Response response) {
        TaskType t = item.sample().task();
        boolean isFreeform = t == TaskType.FOVD || t == TaskType.FOVS;
        CocoExport coco = isFreeform ? freeform : prompted;
        long image = coco.image(item);
        for (PhraseGroup g : item.turn().groups()) {
            long category = coco.category(g.phrase());
            for (TurnRegions.Named n : TurnRegions.truth(item, List.of(g), unit)) {
                coco.addTruth(image, category, n.region(), null, 0);
            }
            freeformClasses.add(g.phrase());
        }
        List<TurnRegions.Named> predicted = TurnRegions.predicted(response.objects(), unit);
        if (isFreeform) {
            freeformAnswers.add(new Freeform(image, predicted));
        } else if (!item.turn().groups().isEmpty()) {
            long category = coco.category(item.turn().groups().get(0).phrase());
            predicted.forEach(p -> coco.addDetection(image, category, p.region(), null, p.score()));
        }
    }

    @Override
    public void writeFiles(Path folder) throws IOException {
        CocoIouType type = unit == Unit.MASK ? CocoIouType.SEGM : CocoIouType.BBOX;
        String w = unit == Unit.MASK ? "ovs" : "ovd";
        if (prompted.hasTruth()) {
            promptedResult = prompted.writeAndEvaluate(folder.resolve("coco_gt_" + w + ".json"),
                    folder.resolve("coco_results_" + w + ".json"), type);
        }
        if (freeform.hasTruth()) {
            List<String> classes = fixedCategories != null ? List.copyOf(fixedCategories.keySet())
                    : List.copyOf(freeformClasses);
            for (Freeform f : freeformAnswers) {
                for (TurnRegions.Named p : f.predicted()) {
                    String best = classes.get(0);
                    double bestSim = -1;
                    for (String c : classes) {
                        double s = PhraseSimilarity.of(p.phrase(), c);
                        if (s > bestSim) {
                            bestSim = s;
                            best = c;
                        }
                    }
                    freeform.addDetection(f.image(), freeform.category(best), p.region(), null, bestSim);
                }
            }
            freeformResult = freeform.writeAndEvaluate(folder.resolve("coco_gt_f" + w + ".json"),
                    folder.resolve("coco_results_f" + w + ".json"), type);
        }
    }

    @Override
    public List<Metric> metrics() {
        return List.of(
                new Metric("mAP", "class-prompted: mAP (IoU 0.50:0.95)", value(promptedResult, 0)),
                new Metric("AP50", "class-prompted: AP50", value(promptedResult, 1)),
                new Metric("mAP_S", "freeform: mAP_S (IoU 0.50:0.95)", value(freeformResult, 0)),
                new Metric("AP50_S", "freeform: AP50_S", value(freeformResult, 1)));
    }

    /** A COCO summary number; NaN when not evaluated or when the range had no ground truth (-1). */
    private static double value(CocoEvaluation e, int stat) {
        if (e == null) {
            return Double.NaN;
        }
        double v = e.stats()[stat];
        return v < 0 ? Double.NaN : v;
    }

    @Override
    public String running() {
        return "collecting detections";
    }
}
