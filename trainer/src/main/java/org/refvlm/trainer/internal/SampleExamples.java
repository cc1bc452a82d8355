package org.refvlm.trainer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.CocoRle;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.RgbImage;
import org.refvlm.data.Box;
import org.refvlm.data.PhraseGroup;
import org.refvlm.data.Sample;
import org.refvlm.data.Turn;
import org.refvlm.data.Unit;
import org.refvlm.data.templates.TemplateBank;
import org.refvlm.trainer.TaskCommands;
import org.refvlm.trainer.TrainingExample;

/**
 * Turns a VT-Instruct sample into a training example: its first turn, the prompt without the
 * image placeholder, and the targets of each phrase group. A sample the trainer cannot use says
 * why ({@link Unusable}): visual prompts (not trained yet), composite units, targets the data
 * does not carry.
 */
final class SampleExamples {

    /** Why a sample was left out; the trainer counts these and logs the first of each kind. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message, null, false, false);
        }
    }

    private SampleExamples() {
    }

    static TrainingExample of(Sample sample, RgbImage image) throws Unusable {
        if (sample.turns().isEmpty()) {
            throw new Unusable("no turns");
        }
        Turn turn = sample.turns().get(0);
        if (!turn.prompts().isEmpty() || !sample.prompts().isEmpty()) {
            throw new Unusable("visual prompts are not trained yet");
        }
        List<TrainingExample.Group> groups = new ArrayList<>();
        for (PhraseGroup g : turn.groups()) {
            if (g.units().size() != 1) {
                throw new Unusable("composite unit " + g.units());
            }
            Unit unit = g.units().get(0);
            List<Integer> refs = g.refs().get(unit);
            List<DecodedUnit> targets = new ArrayList<>();
            for (int i : refs) {
                target(sample, unit, i).ifPresent(targets::add);
            }
            // Units without targets in the data (or without a trainable form here) still write their REFs.
            groups.add(new TrainingExample.Group(g.phrase(), unit.word(), refs.size(),
                    targets.size() == refs.size() ? targets : List.of()));
        }
        return new TrainingExample(sample.id(), image, TaskCommands.of(turn.hint()), TemplateBank.withoutImage(turn.user()),
                turn.answer(), groups);
    }

    private static Optional<DecodedUnit> target(Sample sample, Unit unit, int index) throws Unusable {
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

    /** A synthetic scene's picture (0xRRGGBB per pixel) as the platform's image type. */
    static RgbImage image(int width, int height, int[] rgb) {
        byte[] bytes = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++) {
            bytes[3 * i] = (byte) (rgb[i] >> 16);
            bytes[3 * i + 1] = (byte) (rgb[i] >> 8);
            bytes[3 * i + 2] = (byte) rgb[i];
        }
        return new RgbImage(width, height, bytes);
    }

}
