package org.refvlm.trainer.eval.tasks;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.refvlm.api.Response;
import org.refvlm.data.PromptKind;
import org.refvlm.data.TaskType;
import org.refvlm.data.Unit;
import org.refvlm.trainer.eval.MaskIoU;
import org.refvlm.trainer.eval.MaskOverlap;
import org.refvlm.trainer.eval.MaskRegion;
import org.refvlm.trainer.eval.Metric;
import org.refvlm.trainer.eval.PixelBox;
import org.refvlm.trainer.eval.RecAccuracy;

/**
 * Interactive grounding (Table VIII): the object a visual prompt points at, as a mask (IG-Mask: mIoU
 * and cIoU per prompt kind, as the reference's RES metric with the first predicted mask) or as a box
 * (IG-Box: accuracy at IoU 0.5 and mean IoU per prompt kind). The target is the first reference of
 * the turn's first phrase group; no prediction counts as an empty mask or a missed box.
 */
public final class InteractiveGroundingScorer implements TaskScorer {

    private final Map<PromptKind, MaskIoU> masks = new EnumMap<>(PromptKind.class);
    private final Map<PromptKind, RecAccuracy> boxes = new EnumMap<>(PromptKind.class);
    private final MaskIoU allMasks = new MaskIoU();
    private final RecAccuracy allBoxes = new RecAccuracy();

    @Override
    public void add(TurnItem item, Response response) {
        PromptKind kind = item.promptKind();
        if (kind == null) {
            return;
        }
        Unit unit = item.sample().task() == TaskType.IG_BOX ? Unit.BOX : Unit.MASK;
        List<TurnRegions.Named> truth = TurnRegions.truth(item, unit);
        if (truth.isEmpty()) {
            return;
        }
        List<TurnRegions.Named> predicted = TurnRegions.predicted(response.objects(), unit);
        if (unit == Unit.MASK) {
            MaskRegion target = (MaskRegion) truth.get(0).region();
            MaskRegion p = predicted.isEmpty() ? null : (MaskRegion) predicted.get(0).region();
            if (p != null && (p.height() != target.height() || p.width() != target.width())) {
                p = null; // a decoder fault: scored as no mask, as in REC/RES
            }
            MaskOverlap o = MaskOverlap.of(p, target);
            masks.computeIfAbsent(kind, k -> new MaskIoU()).add(o);
            allMasks.add(o);
        } else {
            PixelBox target = (PixelBox) truth.get(0).region();
            PixelBox p = predicted.isEmpty() ? null : (PixelBox) predicted.get(0).region();
            boxes.computeIfAbsent(kind, k -> new RecAccuracy()).add(p, target);
            allBoxes.add(p, target);
        }
    }

    @Override
    public List<Metric> metrics() {
        List<Metric> m = new ArrayList<>();
        for (PromptKind k : List.of(PromptKind.POINT, PromptKind.SCRIBBLE, PromptKind.BOX, PromptKind.MASK)) {
            String w = k.name().toLowerCase(Locale.ROOT);
            MaskIoU mk = masks.get(k);
            m.add(new Metric("mask." + w + ".mIoU", "IG-Mask " + w + ": mIoU", mk == null ? Double.NaN : mk.mIoU()));
            m.add(new Metric("mask." + w + ".cIoU", "IG-Mask " + w + ": cIoU", mk == null ? Double.NaN : mk.cIoU()));
        }
        for (PromptKind k : List.of(PromptKind.POINT, PromptKind.SCRIBBLE, PromptKind.MASK)) {
            String w = k.name().toLowerCase(Locale.ROOT);
            RecAccuracy b = boxes.get(k);
            m.add(new Metric("box." + w + ".accuracy", "IG-Box " + w + ": Acc@0.5", b == null ? Double.NaN : b.accuracy()));
            m.add(new Metric("box." + w + ".meanIoU", "IG-Box " + w + ": mean IoU", b == null ? Double.NaN : b.meanIou()));
        }
        m.add(new Metric("mask.mIoU", "IG-Mask all prompts: mIoU", allMasks.mIoU()));
        m.add(new Metric("mask.cIoU", "IG-Mask all prompts: cIoU", allMasks.cIoU()));
        m.add(new Metric("box.accuracy", "IG-Box all prompts: Acc@0.5", allBoxes.accuracy()));
        return m;
    }

    @Override
    public String running() {
        return String.format(Locale.ROOT, "mask mIoU %.3f, box Acc@0.5 %.3f", allMasks.mIoU(), allBoxes.accuracy());
    }
}
