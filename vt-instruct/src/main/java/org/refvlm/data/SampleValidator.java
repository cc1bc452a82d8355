package org.refvlm.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.refvlm.api.CocoRle;
import org.refvlm.trp.DecodingPlan;
import org.refvlm.trp.Diagnostic;
import org.refvlm.trp.ParseMode;
import org.refvlm.trp.ParseResult;
import org.refvlm.trp.TrpParser;

/**
 * The checks a record must pass beyond being well-formed JSON: geometry inside the image, masks of the image's
 * size, placeholders matching prompts, answers that are TRP in its training form (the platform's parser, see
 * docs/trp.md) and agree with the stored phrase groups, target indices in range, units allowed for the task.
 * Each problem is one sentence; an empty list means valid.
 */
public final class SampleValidator {
    /** Real annotations stray slightly outside the image; more than this is an error. */
    private static final double EDGE_TOLERANCE = 1.0;
    /**
     * Answers teach the model, so they are held to the platform's TRP in its training form, with the units this
     * format knows; lenient, to report every problem rather than the first.
     */
    private static final TrpParser ANSWERS = TrpParser.builder().mode(ParseMode.LENIENT)
            .installedUnits(Arrays.stream(Unit.values()).map(Unit::word).toList()).trainingForm().build();

    private final Path baseFolder;

    /**
     * @param baseFolder folder that relative image and depth paths resolve against, or null to skip file checks
     */
    public SampleValidator(Path baseFolder) {
        this.baseFolder = baseFolder;
    }

    public List<String> validate(Sample s) {
        List<String> p = new ArrayList<>();
        if (s.id().isBlank()) {
            p.add("empty id");
        }
        ImageRef img = s.image();
        if (img.path().isBlank()) {
            p.add("empty image path");
        }
        if (img.width() < 0 || img.height() < 0) {
            p.add("negative image size");
        }
        boolean geometry = !s.targets().isEmpty() || !s.prompts().isEmpty();
        if (geometry && !img.sizeKnown()) {
            p.add("image size unknown but the sample has targets or prompts");
        }
        if (baseFolder != null && !img.path().isBlank() && !Files.isRegularFile(resolve(img.path()))) {
            p.add("image file not found: " + img.path());
        }
        checkTargets(s, p);
        checkPrompts(s, p);
        if (s.turns().isEmpty()) {
            p.add("no turns");
        }
        for (int i = 0; i < s.turns().size(); i++) {
            checkTurn(s, i, p);
        }
        return p;
    }

    private Path resolve(String path) {
        Path q = Path.of(path);
        return q.isAbsolute() ? q : baseFolder.resolve(q);
    }

    private void checkTargets(Sample s, List<String> p) {
        ImageRef img = s.image();
        Targets t = s.targets();
        for (int i = 0; i < t.boxes().size(); i++) {
            Box b = t.boxes().get(i);
            if (!b.isFinite() || b.x1() < b.x0() || b.y1() < b.y0()) {
                p.add("targets.boxes[" + i + "] is not a box: " + b);
            } else if (img.sizeKnown() && !inside(b, img)) {
                p.add("targets.boxes[" + i + "] lies outside the " + img.width() + "x" + img.height() + " image: " + b);
            }
        }
        for (int i = 0; i < t.masks().size(); i++) {
            checkMask(t.masks().get(i), img, "targets.masks[" + i + "]", p);
        }
        for (int i = 0; i < t.points().size(); i++) {
            checkPoint(t.points().get(i), img, "targets.points[" + i + "]", p);
        }
        for (int i = 0; i < t.keypoints().size(); i++) {
            KeypointSet k = t.keypoints().get(i);
            if (k.points().isEmpty()) {
                p.add("targets.keypoints[" + i + "] has no points");
            }
            for (Keypoint kp : k.points()) {
                if (kp.visibility() < 0 || kp.visibility() > 2) {
                    p.add("targets.keypoints[" + i + "] visibility " + kp.visibility() + " not in 0..2");
                } else if (kp.labelled()) {
                    checkPoint(new Point(kp.x(), kp.y()), img, "targets.keypoints[" + i + "]", p);
                }
            }
        }
        for (int i = 0; i < t.depthMaps().size(); i++) {
            DepthMapRef d = t.depthMaps().get(i);
            if (!(d.unitsPerMetre() > 0)) {
                p.add("targets.depth[" + i + "] units_per_metre must be positive");
            }
            if (baseFolder != null && !Files.isRegularFile(resolve(d.path()))) {
                p.add("depth file not found: " + d.path());
            }
        }
    }

    private void checkPrompts(Sample s, List<String> p) {
        ImageRef img = s.image();
        for (int i = 0; i < s.prompts().size(); i++) {
            String where = "prompts[" + i + "]";
            VisualPrompt vp = s.prompts().get(i);
            if (vp instanceof PointPrompt pp) {
                checkPoint(pp.point(), img, where, p);
            } else if (vp instanceof BoxPrompt bp) {
                Box b = bp.box();
                if (!b.isFinite() || b.x1() <= b.x0() || b.y1() <= b.y0() || (img.sizeKnown() && !inside(b, img))) {
                    p.add(where + " is not a box inside the image: " + b);
                }
            } else if (vp instanceof ScribblePrompt sp) {
                if (sp.stroke().size() < 2) {
                    p.add(where + " scribble needs at least two points");
                }
                for (Point pt : sp.stroke()) {
                    checkPoint(pt, img, where, p);
                }
            } else if (vp instanceof MaskPrompt mp) {
                checkMask(mp.mask(), img, where, p);
                if (mp.mask().area() == 0) {
                    p.add(where + " mask is empty");
                }
            }
        }
    }

    private void checkTurn(Sample s, int index, List<String> p) {
        Turn t = s.turns().get(index);
        String where = "turns[" + index + "]";
        int images = Placeholders.occurrences(t.user(), Placeholders.IMAGE);
        if (index == 0 && images != 1) {
            p.add(where + " first user turn must contain <image> exactly once, has " + images);
        }
        if (index > 0 && images != 0) {
            p.add(where + " only the first user turn may contain <image>");
        }
        for (String ph : Placeholders.ALL) {
            if (!Placeholders.STORED.contains(ph) && t.user().contains(ph)) {
                p.add(where + " user text still contains the template placeholder " + ph);
            }
        }
        int regions = Placeholders.occurrences(t.user(), Placeholders.REGION);
        if (regions != t.prompts().size()) {
            p.add(where + " user text has " + regions + " <region> but the turn lists " + t.prompts().size() + " prompts");
        }
        for (int pi : t.prompts()) {
            if (pi < 0 || pi >= s.prompts().size()) {
                p.add(where + " prompt index " + pi + " out of range");
            } else if (s.task().requiredPrompt() != null && s.prompts().get(pi).kind() != s.task().requiredPrompt()) {
                p.add(where + " task " + s.task().id() + " needs a " + s.task().requiredPrompt().word() + " prompt");
            }
        }
        if (s.task().takesVisualPrompt() && t.prompts().isEmpty()) {
            p.add(where + " task " + s.task().id() + " needs a visual prompt");
        }
        for (Unit u : t.hint().units()) {
            if (!s.task().units().contains(u)) {
                p.add(where + " system hint unit " + u.word() + " is not a unit of task " + s.task().id());
            }
        }
        if (t.answer().isBlank()) {
            p.add(where + " answer: empty answer");
            return;
        }
        ParseResult answer = ANSWERS.parse(t.answer());
        for (Diagnostic d : answer.diagnostics()) {
            p.add(where + " answer: " + d);
        }
        if (!answer.isWellFormed()) {
            return;
        }
        List<DecodingPlan.Entry> found = DecodingPlan.of(answer.document()).entries();
        if (found.size() != t.groups().size()) {
            p.add(where + " answer has " + found.size() + " unit groups, the record lists " + t.groups().size());
            return;
        }
        if (!s.task().units().isEmpty() && t.groups().isEmpty()) {
            p.add(where + " task " + s.task().id() + " expects units in the answer");
        }
        for (int gi = 0; gi < t.groups().size(); gi++) {
            PhraseGroup g = t.groups().get(gi);
            DecodingPlan.Entry parsed = found.get(gi);
            String gw = where + ".groups[" + gi + "]";
            if (!parsed.name().equals(g.phrase()) || !parsed.units().equals(g.units().stream().map(Unit::word).toList())
                    || parsed.references() != g.refCount()) {
                p.add(gw + " does not match the answer's phrase '" + parsed.name() + "'");
            }
            for (Unit u : g.units()) {
                if (!s.task().units().contains(u)) {
                    p.add(gw + " unit " + u.word() + " is not a unit of task " + s.task().id());
                }
                if (!t.hint().units().contains(u)) {
                    p.add(gw + " unit " + u.word() + " is not announced in the system hint");
                }
                List<Integer> refs = g.refs().get(u);
                if (refs.size() != g.refCount()) {
                    p.add(gw + " units list different numbers of targets");
                }
                for (int r : refs) {
                    if (r < 0 || r >= s.targets().count(u)) {
                        p.add(gw + " " + u.word() + " target " + r + " out of range (" + s.targets().count(u) + " targets)");
                    }
                }
            }
        }
    }

    /** Runs that do not cover the mask cannot be read at all (see {@link SampleJson}); only the size is left. */
    private static void checkMask(CocoRle m, ImageRef img, String where, List<String> p) {
        if (img.sizeKnown() && (m.height() != img.height() || m.width() != img.width())) {
            p.add(where + " is " + m.height() + "x" + m.width() + " (h x w), image is " + img.height() + "x" + img.width());
        }
    }

    private static void checkPoint(Point pt, ImageRef img, String where, List<String> p) {
        if (!pt.isFinite()) {
            p.add(where + " has a non-finite coordinate");
        } else if (img.sizeKnown() && (pt.x() < -EDGE_TOLERANCE || pt.y() < -EDGE_TOLERANCE
                || pt.x() > img.width() + EDGE_TOLERANCE || pt.y() > img.height() + EDGE_TOLERANCE)) {
            p.add(where + " point (" + pt.x() + ", " + pt.y() + ") outside the image");
        }
    }

    private static boolean inside(Box b, ImageRef img) {
        return b.x0() >= -EDGE_TOLERANCE && b.y0() >= -EDGE_TOLERANCE
                && b.x1() <= img.width() + EDGE_TOLERANCE && b.y1() <= img.height() + EDGE_TOLERANCE;
    }
}
