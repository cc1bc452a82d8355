package org.refvlm.trainer.eval.tasks;

import java.util.ArrayList;
import java.util.List;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.ReferredObject;
import org.refvlm.data.PhraseGroup;
import org.refvlm.data.Unit;
import org.refvlm.trainer.eval.MaskRegion;
import org.refvlm.trainer.eval.PixelBox;
import org.refvlm.trainer.eval.Region;

/** The targets a turn's answer refers to, and the regions an answer's objects decoded to. */
final class TurnRegions {

    /** One referred target or prediction: its phrase and its region. */
    record Named(String phrase, Region region, double score) {
    }

    private TurnRegions() {
    }

    /** Every target of the turn's phrase groups under {@code unit}, phrase by phrase, in answer order. */
    static List<Named> truth(TurnItem item, Unit unit) {
        return truth(item, item.turn().groups(), unit);
    }

    /** The targets of some of the turn's phrase groups under {@code unit}. */
    static List<Named> truth(TurnItem item, List<PhraseGroup> groups, Unit unit) {
        List<Named> out = new ArrayList<>();
        org.refvlm.data.Targets t = item.sample().targets();
        for (PhraseGroup g : groups) {
            for (int i : g.refs().getOrDefault(unit, List.of())) {
                Region r = switch (unit) {
                    case BOX -> i < t.boxes().size() ? PixelBox.of(t.boxes().get(i)) : null;
                    case MASK -> i < t.masks().size() ? new MaskRegion(t.masks().get(i)) : null;
                    default -> null;
                };
                if (r != null) {
                    out.add(new Named(g.phrase(), r, 1));
                }
            }
        }
        return out;
    }

    /** The answer's objects decoded as a box (or a mask, for {@code Unit.MASK}), with their phrases. */
    static List<Named> predicted(List<ReferredObject> objects, Unit unit) {
        List<Named> out = new ArrayList<>();
        for (ReferredObject o : objects) {
            DecodedUnit v = o.result().orElse(null);
            if (unit == Unit.BOX && v instanceof BoxUnit b) {
                out.add(new Named(o.phrase(), PixelBox.of(b), b.score()));
            } else if (unit == Unit.MASK && v instanceof MaskUnit m) {
                out.add(new Named(o.phrase(), new MaskRegion(m.mask()), m.score()));
            }
        }
        return out;
    }

    /** IoU of two regions of the same kind (a mask of another size than the target overlaps nothing). */
    static double iou(Region a, Region b) {
        if (a instanceof PixelBox x && b instanceof PixelBox y) {
            return x.iou(y);
        }
        if (a instanceof MaskRegion x && b instanceof MaskRegion y) {
            if (x.height() != y.height() || x.width() != y.width()) {
                return 0;
            }
            return org.refvlm.trainer.eval.MaskOverlap.of(x, y).iou();
        }
        throw new IllegalArgumentException("cannot compare a " + a.getClass().getSimpleName() + " with a "
                + b.getClass().getSimpleName());
    }
}
