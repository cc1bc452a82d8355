package org.refvlm.data.synth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/** Plain-text captions of a scene: what is there, left to right, and one relation when there is a clear one. */
public final class CaptionWriter {
    private CaptionWriter() {
    }

    public static String caption(Scene scene, RandomGenerator rnd) {
        List<Integer> order = leftToRight(scene);
        List<String> parts = new ArrayList<>();
        for (int i : order) {
            SceneObject o = scene.objects().get(i);
            parts.add(ObjectWords.withArticle(ObjectWords.phrase(o, rnd.nextBoolean(), true, true)));
        }
        String count = ObjectWords.number(order.size());
        String first = switch (rnd.nextInt(4)) {
            case 0 -> "A picture of " + count + " shapes: " + ObjectWords.join(parts) + ".";
            case 1 -> "From left to right there is " + ObjectWords.join(parts) + "."; // agrees with the first item, "a ..."
            case 2 -> ObjectWords.capitalise(ObjectWords.join(parts)) + " on a plain wall.";
            default -> "The image shows " + ObjectWords.join(parts) + ".";
        };
        String relation = relationSentence(scene, rnd);
        return relation == null ? first : first + " " + relation;
    }

    /**
     * Every object of the scene with all its attributes, left to right, in one fixed sentence:
     * "The picture shows a small red striped circle and a large blue square." A training
     * curriculum can put it before a question so that the language model first learns to answer
     * from words it can read, before it must find the same facts in the image tokens.
     */
    public static String inventory(Scene scene) {
        List<String> parts = new ArrayList<>();
        for (int i : leftToRight(scene)) {
            parts.add(ObjectWords.withArticle(ObjectWords.phrase(scene.objects().get(i), true, true, true)));
        }
        return parts.isEmpty() ? "The picture shows no shapes." : "The picture shows " + ObjectWords.join(parts) + ".";
    }

    static List<Integer> leftToRight(Scene scene) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < scene.objects().size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> scene.boxes().get(i).centreX()).thenComparingInt(i -> i));
        return order;
    }

    /** One sentence about a clear relation between two uniquely describable objects, or null. */
    static String relationSentence(Scene scene, RandomGenerator rnd) {
        int n = scene.objects().size();
        for (int attempt = 0; attempt < 4; attempt++) {
            int a = rnd.nextInt(n), b = rnd.nextInt(n);
            if (a == b) {
                continue;
            }
            List<SpatialRelation> rel = SpatialRelation.between(scene, a, b);
            var ea = ReferringExpressions.unique(scene, a, rnd);
            var eb = ReferringExpressions.unique(scene, b, rnd);
            if (!rel.isEmpty() && ea.isPresent() && eb.isPresent()) {
                SpatialRelation r = rel.get(rnd.nextInt(rel.size()));
                return ObjectWords.capitalise(ea.get()) + " is " + r.words() + " " + eb.get() + ".";
            }
        }
        return null;
    }
}
