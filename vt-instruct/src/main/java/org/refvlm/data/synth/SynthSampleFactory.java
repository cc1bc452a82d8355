package org.refvlm.data.synth;

import org.refvlm.data.DepthMapRef;
import org.refvlm.data.ImageRef;
import org.refvlm.data.Placeholders;
import org.refvlm.data.PromptKind;
import org.refvlm.data.Sample;
import org.refvlm.data.TaskType;
import org.refvlm.data.Targets;
import org.refvlm.data.TrpAnswer;
import org.refvlm.data.TrpAnswerBuilder;
import org.refvlm.data.Turn;
import org.refvlm.data.Unit;
import org.refvlm.data.VisualPrompt;
import org.refvlm.data.templates.PromptTemplates;
import org.refvlm.data.templates.TemplateBank;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Turns a scene into a sample of a given task type. Every sample carries all of the scene's boxes, visible
 * masks and keypoint sets as targets (index i is object i), so any answer can point at any object and
 * {@code data show} can draw the whole truth; the depth map is attached only to depth samples.
 */
public final class SynthSampleFactory {
    /** Meters in the 16-bit depth PNG: millimetres. */
    public static final double DEPTH_UNITS_PER_METRE = 1000.0;
    private static final int MAX_TURNS = 3;

    private final boolean taskBlock;

    /** @param taskBlock whether answers start with the reference's {@code <Task>} block */
    public SynthSampleFactory(boolean taskBlock) {
        this.taskBlock = taskBlock;
    }

    public Sample build(TaskType task, Scene scene, SceneFiles files, String id, RandomGenerator rnd, Map<String, String> meta) {
        Conversation c = new Conversation(task, rnd);
        switch (task) {
            case CAPTION -> c.turn(Map.of(), List.of(), answer().text(CaptionWriter.caption(scene, rnd)));
            case VQA -> vqa(scene, c, rnd);
            case REC -> referring(scene, c, rnd, Unit.BOX);
            case RES -> referring(scene, c, rnd, Unit.MASK);
            case REG_POINT, REG_BOX, REG_SCRIBBLE, REG_MASK -> regionDescription(scene, c, rnd, task.requiredPrompt());
            case IG_BOX -> interactive(scene, c, rnd, Unit.BOX);
            case IG_MASK -> interactive(scene, c, rnd, Unit.MASK);
            case IG_KEYPOINT -> interactive(scene, c, rnd, Unit.KEYPOINT);
            case GCG_BOX -> groundedCaption(scene, c, rnd, Unit.BOX);
            case GCG_MASK -> groundedCaption(scene, c, rnd, Unit.MASK);
            case OVD -> classPrompted(scene, c, rnd, Unit.BOX);
            case OVS -> classPrompted(scene, c, rnd, Unit.MASK);
            case FOVD -> freeform(scene, c, Unit.BOX);
            case FOVS -> freeform(scene, c, Unit.MASK);
            case KEYPOINT_DETECTION -> keypointDetection(scene, c, rnd);
            case DEPTH -> c.turn(Map.of(), List.of(), answer().text("Here is the depth map: ")
                    .phrase("scene", Unit.DEPTH, List.of(0)).text("."));
            case MIXED_UNITS -> mixed(scene, c, rnd);
        }
        List<DepthMapRef> depth = task == TaskType.DEPTH
                ? List.of(new DepthMapRef(files.depthPath(), DEPTH_UNITS_PER_METRE)) : List.of();
        Targets targets = new Targets(scene.boxes(), scene.rleMasks(), List.of(), scene.keypoints(), depth);
        return new Sample(id, "synth", task, new ImageRef(files.imagePath(), scene.width(), scene.height()),
                targets, c.prompts, c.turns, meta);
    }

    private TrpAnswerBuilder answer() {
        return new TrpAnswerBuilder().withTaskBlock(taskBlock);
    }

    // ------------------------------------------------------------------ tasks

    private void vqa(Scene scene, Conversation c, RandomGenerator rnd) {
        int turns = 1 + rnd.nextInt(MAX_TURNS);
        List<String> asked = new ArrayList<>();
        for (int t = 0; t < turns; t++) {
            QuestionAnswer qa = QuestionGenerator.ask(scene, rnd);
            if (asked.contains(qa.question())) {
                continue;
            }
            asked.add(qa.question());
            c.turn(Map.of(Placeholders.QUESTION, qa.question()), List.of(), answer().text("The answer is " + qa.answer() + "."));
        }
    }

    private void referring(Scene scene, Conversation c, RandomGenerator rnd, Unit unit) {
        List<Integer> order = shuffledObjects(scene, rnd);
        for (int i : order) {
            Optional<String> expr = ReferringExpressions.unique(scene, i, rnd);
            if (expr.isPresent()) {
                c.turn(Map.of(Placeholders.EXPR, expr.get()), List.of(), answer().phrase(expr.get(), unit, List.of(i)));
                return;
            }
        }
        throw new IllegalStateException("no object of scene " + scene.seed() + " can be referred to uniquely");
    }

    private void regionDescription(Scene scene, Conversation c, RandomGenerator rnd, PromptKind kind) {
        for (int i : shuffledObjects(scene, rnd)) {
            Optional<String> expr = ReferringExpressions.unique(scene, i, rnd);
            if (expr.isPresent()) {
                int p = c.prompt(PromptMaker.make(kind, scene, i, rnd));
                c.turn(Map.of(), List.of(p), answer().text(expr.get()));
                return;
            }
        }
        throw new IllegalStateException("no object of scene " + scene.seed() + " can be described uniquely");
    }

    private void interactive(Scene scene, Conversation c, RandomGenerator rnd, Unit unit) {
        // a box prompt answered with the same box teaches nothing, so box outputs take the other prompt kinds
        PromptKind[] kinds = unit == Unit.BOX
                ? new PromptKind[]{PromptKind.POINT, PromptKind.SCRIBBLE, PromptKind.MASK}
                : PromptKind.values();
        List<Integer> order = shuffledObjects(scene, rnd);
        int turns = Math.min(order.size(), 1 + rnd.nextInt(MAX_TURNS));
        for (int t = 0; t < turns; t++) {
            int i = order.get(t);
            int p = c.prompt(PromptMaker.make(kinds[rnd.nextInt(kinds.length)], scene, i, rnd));
            c.turn(Map.of(), List.of(p), answer().phrase(scene.objects().get(i).kind().noun(), unit, List.of(i)));
        }
    }

    private void groundedCaption(Scene scene, Conversation c, RandomGenerator rnd, Unit unit) {
        // one phrase per colour + shape, left to right by its first member
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i : CaptionWriter.leftToRight(scene)) {
            SceneObject o = scene.objects().get(i);
            groups.computeIfAbsent(o.colour().word() + " " + o.kind().noun(), k -> new ArrayList<>()).add(i);
        }
        TrpAnswerBuilder b = answer();
        // "there is" or "there are" agrees with the first phrase, as in "there is a star and two circles"
        String be = groups.values().iterator().next().size() == 1 ? "is" : "are";
        b.text(switch (rnd.nextInt(4)) {
            case 0 -> "The image shows ";
            case 1 -> "From left to right there " + be + " ";
            case 2 -> "In this picture we can see ";
            default -> "On a plain wall there " + be + " ";
        });
        int g = 0;
        for (Map.Entry<String, List<Integer>> e : groups.entrySet()) {
            if (g > 0) {
                b.text(g == groups.size() - 1 ? " and " : ", ");
            }
            List<Integer> members = e.getValue();
            SceneObject first = scene.objects().get(members.get(0));
            String phrase = members.size() == 1
                    ? ObjectWords.withArticle(ObjectWords.phrase(first, rnd.nextBoolean(), true, rnd.nextBoolean()))
                    : ObjectWords.number(members.size()) + " " + first.colour().word() + " " + first.kind().plural();
            b.phrase(phrase, unit, members);
            g++;
        }
        b.text(".");
        c.turn(Map.of(), List.of(), b);
    }

    /** Class-prompted detection or segmentation: one class per turn; a class is a shape, a colour or a pattern. */
    private void classPrompted(Scene scene, Conversation c, RandomGenerator rnd, Unit unit) {
        Map<String, Predicate<SceneObject>> classes = new LinkedHashMap<>();
        for (SceneObject o : scene.objects()) {
            classes.putIfAbsent(o.kind().noun(), p -> p.kind() == o.kind());
            classes.putIfAbsent(o.colour().word() + " shape", p -> p.colour() == o.colour());
            if (o.texture() != Texture.SOLID) {
                classes.putIfAbsent(o.texture().adjective() + " shape", p -> p.texture() == o.texture());
            }
        }
        List<String> names = new ArrayList<>(classes.keySet());
        Collections.shuffle(names, new java.util.Random(rnd.nextLong()));
        // shape names are the usual open-vocabulary classes, so prefer them in the first turn
        if (rnd.nextInt(4) != 0) {
            names.sort(java.util.Comparator.comparing((String x) -> x.endsWith(" shape")));
        }
        int turns = Math.min(names.size(), 1 + rnd.nextInt(MAX_TURNS));
        for (int t = 0; t < turns; t++) {
            String name = names.get(t);
            List<Integer> members = new ArrayList<>();
            for (int i : CaptionWriter.leftToRight(scene)) {
                if (classes.get(name).test(scene.objects().get(i))) {
                    members.add(i);
                }
            }
            c.turn(Map.of(Placeholders.CLS, name), List.of(), answer().phrase(name, unit, members));
        }
    }

    private void freeform(Scene scene, Conversation c, Unit unit) {
        Map<ShapeKind, List<Integer>> byKind = new LinkedHashMap<>();
        for (int i = 0; i < scene.objects().size(); i++) {
            byKind.computeIfAbsent(scene.objects().get(i).kind(), k -> new ArrayList<>()).add(i);
        }
        TrpAnswerBuilder b = answer();
        int g = 0;
        for (Map.Entry<ShapeKind, List<Integer>> e : byKind.entrySet()) {
            if (g++ > 0) {
                b.text(", ");
            }
            b.phrase(e.getKey().noun(), unit, e.getValue());
        }
        b.text(".");
        c.turn(Map.of(), List.of(), b);
    }

    private void keypointDetection(Scene scene, Conversation c, RandomGenerator rnd) {
        ShapeKind kind = scene.objects().get(rnd.nextInt(scene.objects().size())).kind();
        c.turn(Map.of(Placeholders.CLS, kind.noun()), List.of(), answer().phrase(kind.noun(), Unit.KEYPOINT, members(scene, kind)));
    }

    private void mixed(Scene scene, Conversation c, RandomGenerator rnd) {
        List<ShapeKind> kinds = new ArrayList<>();
        for (SceneObject o : scene.objects()) {
            if (!kinds.contains(o.kind())) {
                kinds.add(o.kind());
            }
        }
        Collections.shuffle(kinds, new java.util.Random(rnd.nextLong()));
        ShapeKind a = kinds.get(0), m = kinds.get(1);
        List<Integer> boxed = members(scene, a);
        Map<Unit, List<Integer>> composite = new LinkedHashMap<>();
        composite.put(Unit.BOX, boxed);
        composite.put(Unit.KEYPOINT, boxed);
        TrpAnswerBuilder b = answer().text(rnd.nextBoolean() ? "Here they are: " : "")
                .phrase(a.noun(), composite).text(" and ").phrase(m.noun(), Unit.MASK, members(scene, m)).text(".");
        c.turn(Map.of(Placeholders.CLS, a.noun(), Placeholders.OBJS, m.noun()), List.of(), b);
    }

    // ------------------------------------------------------------------ helpers

    private static List<Integer> members(Scene scene, ShapeKind kind) {
        List<Integer> out = new ArrayList<>();
        for (int i : CaptionWriter.leftToRight(scene)) {
            if (scene.objects().get(i).kind() == kind) {
                out.add(i);
            }
        }
        return out;
    }

    private static List<Integer> shuffledObjects(Scene scene, RandomGenerator rnd) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < scene.objects().size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new java.util.Random(rnd.nextLong()));
        return order;
    }

    /** Collects prompts and turns of one sample; the first turn gets {@code <image>}, later ones lose it. */
    private static final class Conversation {
        final TaskType task;
        final RandomGenerator rnd;
        final TemplateBank bank;
        final List<VisualPrompt> prompts = new ArrayList<>();
        final List<Turn> turns = new ArrayList<>();

        Conversation(TaskType task, RandomGenerator rnd) {
            this.task = task;
            this.rnd = rnd;
            this.bank = PromptTemplates.forTask(task);
        }

        int prompt(VisualPrompt p) {
            prompts.add(p);
            return prompts.size() - 1;
        }

        void turn(Map<String, String> values, List<Integer> promptIndices, TrpAnswerBuilder answer) {
            String user = bank.pickAndFill(rnd, values);
            if (!turns.isEmpty()) {
                user = TemplateBank.withoutImage(user);
            }
            TrpAnswer a = answer.build();
            turns.add(new Turn(task.hint(), user, promptIndices, a.text(), a.groups()));
        }
    }
}
