package org.refvlm.trainer.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.CocoRle;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.DepthMap;
import org.refvlm.api.DepthUnit;
import org.refvlm.api.Keypoint;
import org.refvlm.api.KeypointsUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.RgbImage;
import org.refvlm.api.VisualPrompt;
import org.refvlm.data.Box;
import org.refvlm.data.DepthMapRef;
import org.refvlm.data.KeypointSet;
import org.refvlm.data.PhraseGroup;
import org.refvlm.data.Sample;
import org.refvlm.data.Turn;
import org.refvlm.data.Unit;
import org.refvlm.data.templates.TemplateBank;
import org.refvlm.trainer.TaskCommands;
import org.refvlm.trainer.TrainingExample;
import org.refvlm.trainer.eval.tasks.TurnDataset;

/**
 * Turns one turn of a VT-Instruct sample into a training example: the turn's prompt without the
 * image placeholder (its {@code <region>}s stay, one per visual prompt of the turn), its visual
 * prompts, and per phrase group the targets of each of its units. Every turn of a multi-turn
 * sample is an example of its own, as the evaluation asks each turn on its own. A sample the
 * trainer cannot use says why ({@link Unusable}).
 */
final class SampleExamples {

    /** Why a sample was left out; the trainer counts these and logs the first of each kind. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message, null, false, false);
        }
    }

    /** Where a sample's depth maps come from: metres per pixel, row-major, 0 where unknown. */
    @FunctionalInterface
    interface DepthSource {
        float[] metres(DepthMapRef ref) throws Unusable;
    }

    /** For checking a sample only: depth maps are not read. */
    static final DepthSource NO_DEPTH = ref -> null;

    private SampleExamples() {
    }

    /** The first turn, without depth targets (for checks and the first-turn callers). */
    static TrainingExample of(Sample sample, RgbImage image) throws Unusable {
        return of(sample, 0, image, NO_DEPTH);
    }

    static TrainingExample of(Sample sample, int turnIndex, RgbImage image, DepthSource depth) throws Unusable {
        if (sample.turns().isEmpty()) {
            throw new Unusable("no turns");
        }
        if (turnIndex < 0 || turnIndex >= sample.turns().size()) {
            throw new Unusable("has no turn " + turnIndex + " (" + sample.turns().size() + " turns)");
        }
        Turn turn = sample.turns().get(turnIndex);
        List<VisualPrompt> prompts = new ArrayList<>();
        for (int p : turn.prompts()) {
            if (p < 0 || p >= sample.prompts().size()) {
                throw new Unusable("turn " + turnIndex + " uses visual prompt " + p + " but the sample has "
                        + sample.prompts().size());
            }
            prompts.add(TurnDataset.toPlatform(sample.prompts().get(p)));
        }
        List<TrainingExample.Group> groups = new ArrayList<>();
        for (PhraseGroup g : turn.groups()) {
            int references = g.refs().get(g.units().get(0)).size();
            Map<String, List<DecodedUnit>> targets = new LinkedHashMap<>();
            for (Unit unit : g.units()) {
                List<Integer> refs = g.refs().get(unit);
                if (refs.size() != references) {
                    throw new Unusable("phrase '" + g.phrase() + "' has " + references + " " + g.units().get(0).word()
                            + " reference(s) but " + refs.size() + " " + unit.word() + " reference(s)");
                }
                List<DecodedUnit> found = new ArrayList<>();
                for (int i : refs) {
                    target(sample, unit, i, depth).ifPresent(found::add);
                }
                // Units without targets in the data (or without a trainable form here) still write their REFs.
                if (found.size() == references && references > 0) {
                    targets.put(unit.word(), found);
                }
            }
            groups.add(new TrainingExample.Group(g.phrase(), g.units().stream().map(Unit::word).toList(), references,
                    targets));
        }
        return new TrainingExample(sample.id() + (turnIndex == 0 ? "" : "#" + turnIndex), image,
                TaskCommands.of(turn.hint()), TemplateBank.withoutImage(turn.user()), turn.answer(), groups, prompts);
    }

    private static Optional<DecodedUnit> target(Sample sample, Unit unit, int index, DepthSource depth) throws Unusable {
        switch (unit) {
            case BOX -> {
                List<Box> boxes = sample.targets().boxes();
                check(index, boxes.size(), sample, "boxes");
                Box b = boxes.get(index);
                return Optional.of(new BoxUnit(b.x0(), b.y0(), b.x1(), b.y1(), 1.0));
            }
            case MASK -> {
                List<CocoRle> masks = sample.targets().masks();
                check(index, masks.size(), sample, "masks");
                return Optional.of(new MaskUnit(masks.get(index), 1.0));
            }
            case KEYPOINT -> {
                List<KeypointSet> sets = sample.targets().keypoints();
                check(index, sets.size(), sample, "keypoint sets");
                List<Box> boxes = sample.targets().boxes();
                check(index, boxes.size(), sample, "boxes (a keypoint target needs its object's box)");
                KeypointSet k = sets.get(index);
                List<Keypoint> points = new ArrayList<>();
                for (int j = 0; j < k.points().size(); j++) {
                    org.refvlm.data.Keypoint p = k.points().get(j);
                    // names are the decoder's schema's business; the loss reads positions and visibility
                    points.add(new Keypoint("k" + j, p.x(), p.y(), p.visibility()));
                }
                Box b = boxes.get(index);
                return Optional.of(new KeypointsUnit(new BoxUnit(b.x0(), b.y0(), b.x1(), b.y1(), BoxUnit.NO_SCORE),
                        points, k.schema()));
            }
            case DEPTH -> {
                List<DepthMapRef> maps = sample.targets().depthMaps();
                check(index, maps.size(), sample, "depth maps");
                float[] metres = depth.metres(maps.get(index));
                if (metres == null) {
                    return Optional.empty();
                }
                int w = sample.image().width(), h = sample.image().height();
                if (metres.length != w * h) {
                    throw new Unusable("depth map " + maps.get(index).path() + " has " + metres.length
                            + " values but the image is " + w + "x" + h);
                }
                return Optional.of(new DepthUnit(new DepthMap(w, h, metres)));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static void check(int index, int size, Sample sample, String what) throws Unusable {
        if (index < 0 || index >= size) {
            throw new Unusable("refers to " + what + "[" + index + "] but has " + size);
        }
    }

}
