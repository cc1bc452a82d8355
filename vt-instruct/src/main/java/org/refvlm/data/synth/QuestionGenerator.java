package org.refvlm.data.synth;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Question-answer pairs about a scene: counting, colour, existence, position and spatial relations. Counts
 * are answered in digits, as VQAv2 answers are, so the same evaluator serves both. Yes/no
 * questions (existence and relations) are answered "yes" or "no" with equal probability, as in POPE: the
 * "no" questions ask about an absent shape, or, adversarially, about a present shape in a colour it does not
 * have.
 */
public final class QuestionGenerator {
    private QuestionGenerator() {
    }

    public static QuestionAnswer ask(Scene scene, RandomGenerator rnd) {
        while (true) {
            int kind = rnd.nextInt(5);
            Optional<QuestionAnswer> qa = switch (kind) {
                case 0 -> Optional.of(count(scene, rnd));
                case 1 -> colour(scene, rnd);
                case 2 -> Optional.of(existence(scene, rnd));
                case 3 -> position(scene, rnd);
                default -> relation(scene, rnd);
            };
            if (qa.isPresent()) {
                return qa.get();
            }
        }
    }

    static QuestionAnswer count(Scene scene, RandomGenerator rnd) {
        if (rnd.nextInt(3) == 0) {
            ColourName c = scene.objects().get(rnd.nextInt(scene.objects().size())).colour();
            long n = scene.objects().stream().filter(o -> o.colour() == c).count();
            return new QuestionAnswer("count", "How many " + c.word() + " objects are there?", Long.toString(n), false);
        }
        ShapeKind k = rnd.nextInt(6) == 0
                ? ShapeKind.values()[rnd.nextInt(ShapeKind.values().length)]
                : scene.objects().get(rnd.nextInt(scene.objects().size())).kind();
        long n = scene.objects().stream().filter(o -> o.kind() == k).count();
        return new QuestionAnswer("count", "How many " + k.plural() + " are there?", Long.toString(n), false);
    }

    static Optional<QuestionAnswer> colour(Scene scene, RandomGenerator rnd) {
        List<SceneObject> unique = new ArrayList<>();
        for (SceneObject o : scene.objects()) {
            if (scene.objects().stream().filter(p -> p.kind() == o.kind()).count() == 1) {
                unique.add(o);
            }
        }
        if (unique.isEmpty()) {
            return Optional.empty();
        }
        SceneObject o = unique.get(rnd.nextInt(unique.size()));
        String phrase = "the " + o.kind().noun();
        return Optional.of(new QuestionAnswer("colour", "What colour is " + phrase + "?", o.colour().word(), false,
                new QuestionAnswer.Subject(scene.objects().indexOf(o), phrase)));
    }

    static QuestionAnswer existence(Scene scene, RandomGenerator rnd) {
        if (rnd.nextBoolean()) {
            SceneObject o = scene.objects().get(rnd.nextInt(scene.objects().size()));
            String what = rnd.nextBoolean() ? ObjectWords.phrase(o, false, true, false) : o.kind().noun();
            return new QuestionAnswer("existence", "Is there " + ObjectWords.withArticle(what) + " in the image?", "yes", true);
        }
        Set<ShapeKind> present = EnumSet.noneOf(ShapeKind.class);
        scene.objects().forEach(o -> present.add(o.kind()));
        if (rnd.nextBoolean() && present.size() < ShapeKind.values().length) {
            List<ShapeKind> absent = new ArrayList<>(EnumSet.complementOf(EnumSet.copyOf(present)));
            ShapeKind k = absent.get(rnd.nextInt(absent.size()));
            return new QuestionAnswer("existence", "Is there " + ObjectWords.withArticle(k.noun()) + " in the image?", "no", true);
        }
        // adversarial: a shape that is there, in a colour no object of that shape has
        SceneObject o = scene.objects().get(rnd.nextInt(scene.objects().size()));
        List<ColourName> colours = new ArrayList<>();
        for (ColourName c : ColourName.values()) {
            if (scene.objects().stream().noneMatch(p -> p.kind() == o.kind() && p.colour() == c)) {
                colours.add(c);
            }
        }
        ColourName c = colours.get(rnd.nextInt(colours.size()));
        return new QuestionAnswer("existence", "Is there " + ObjectWords.withArticle(c.word() + " " + o.kind().noun()) + " in the image?", "no", true);
    }

    static Optional<QuestionAnswer> position(Scene scene, RandomGenerator rnd) {
        int i = rnd.nextInt(scene.objects().size());
        Optional<String> expr = ReferringExpressions.unique(scene, i, rnd);
        if (expr.isEmpty()) {
            return Optional.empty();
        }
        var b = scene.boxes().get(i);
        return Optional.of(new QuestionAnswer("position", "Where is " + expr.get() + " in the picture?",
                ImageRegion.of(b.centreX(), b.centreY(), scene.width(), scene.height()), false,
                new QuestionAnswer.Subject(i, expr.get())));
    }

    static Optional<QuestionAnswer> relation(Scene scene, RandomGenerator rnd) {
        int n = scene.objects().size();
        int a = rnd.nextInt(n), b = rnd.nextInt(n - 1);
        if (b >= a) {
            b++;
        }
        Optional<String> ea = ReferringExpressions.unique(scene, a, rnd), eb = ReferringExpressions.unique(scene, b, rnd);
        if (ea.isEmpty() || eb.isEmpty()) {
            return Optional.empty();
        }
        List<SpatialRelation> holds = SpatialRelation.between(scene, a, b);
        List<SpatialRelation> fails = new ArrayList<>();
        for (SpatialRelation r : SpatialRelation.values()) {
            if (!holds.contains(r) && !SpatialRelation.between(scene, b, a).contains(r)) {
                continue; // ask "no" only about relations whose opposite clearly holds, so "no" is unambiguous
            }
            if (!holds.contains(r)) {
                fails.add(r);
            }
        }
        boolean askTrue = rnd.nextBoolean();
        List<SpatialRelation> pool = askTrue ? holds : fails;
        if (pool.isEmpty()) {
            return Optional.empty();
        }
        SpatialRelation r = pool.get(rnd.nextInt(pool.size()));
        String q = "Is " + ea.get() + " " + r.words() + " " + eb.get() + "?";
        return Optional.of(new QuestionAnswer("relation", q, askTrue ? "yes" : "no", true));
    }
}
