package org.refvlm.data.synth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Finds, for an object of a scene, a description no other object of the scene fits. Tries the shortest
 * attribute combinations first (shape; colour + shape; size or pattern + shape; ...), then falls back to an
 * extreme position among look-alikes ("the leftmost red star"). Among equally short unique descriptions the
 * choice is random, and sometimes one more attribute is added, as people do.
 */
public final class ReferringExpressions {
    /** Attribute subsets as {size, colour, texture}, shortest first. */
    private static final boolean[][] COMBINATIONS = {
            {false, false, false},
            {false, true, false},
            {true, false, false},
            {false, false, true},
            {true, true, false},
            {false, true, true},
            {true, false, true},
            {true, true, true}};
    private static final int[] LEVEL = {0, 1, 1, 1, 2, 2, 2, 3};
    /** The words that single out the most extreme of look-alikes: left, right, top, bottom. */
    public static final List<String> EXTREMES = List.of("leftmost", "rightmost", "topmost", "lowest");

    private ReferringExpressions() {
    }

    /**
     * Every word a referring expression of this world can use, as written (split at spaces only,
     * so "medium-sized" is one word): "the", the extremes, each shape's noun and plural, the
     * colours, sizes and patterns. For vocabularies of models prompted with the world's phrases.
     */
    public static SortedSet<String> words() {
        SortedSet<String> words = new TreeSet<>();
        words.add("the");
        words.addAll(EXTREMES);
        for (ShapeKind kind : ShapeKind.values()) {
            words.add(kind.noun());
            words.add(kind.plural());
        }
        for (ColourName colour : ColourName.values()) {
            words.add(colour.word());
        }
        for (SizeClass size : SizeClass.values()) {
            words.add(size.word());
        }
        for (Texture texture : Texture.values()) {
            words.add(texture.word());
        }
        return Collections.unmodifiableSortedSet(words);
    }

    public static Optional<String> unique(Scene scene, int index, RandomGenerator rnd) {
        SceneObject target = scene.objects().get(index);
        List<String> best = new ArrayList<>();
        List<String> longer = new ArrayList<>();
        int bestLevel = Integer.MAX_VALUE;
        for (int c = 0; c < COMBINATIONS.length; c++) {
            boolean[] use = COMBINATIONS[c];
            if (use[2] && target.texture() == Texture.SOLID) {
                continue; // "solid" is not said, so this combination adds nothing
            }
            if (matches(scene, target, use) == 1) {
                String phrase = "the " + ObjectWords.phrase(target, use[0], use[1], use[2]);
                if (LEVEL[c] < bestLevel) {
                    longer.addAll(best);
                    best.clear();
                    bestLevel = LEVEL[c];
                }
                (LEVEL[c] == bestLevel ? best : longer).add(phrase);
            }
        }
        if (!best.isEmpty()) {
            if (!longer.isEmpty() && rnd.nextInt(4) == 0) {
                return Optional.of(longer.get(rnd.nextInt(longer.size())));
            }
            return Optional.of(best.get(rnd.nextInt(best.size())));
        }
        return extreme(scene, index);
    }

    /** Number of objects with the same values as the target on the chosen attributes (the target included). */
    private static int matches(Scene scene, SceneObject t, boolean[] use) {
        int n = 0;
        for (SceneObject o : scene.objects()) {
            if (o.kind() == t.kind() && (!use[0] || o.size() == t.size()) && (!use[1] || o.colour() == t.colour())
                    && (!use[2] || o.texture() == t.texture())) {
                n++;
            }
        }
        return n;
    }

    /** "the leftmost red star" etc., when the object is clearly the most extreme of its look-alikes. */
    private static Optional<String> extreme(Scene scene, int index) {
        SceneObject t = scene.objects().get(index);
        List<Integer> alike = new ArrayList<>();
        for (int i = 0; i < scene.objects().size(); i++) {
            SceneObject o = scene.objects().get(i);
            if (o.kind() == t.kind() && o.colour() == t.colour()) {
                alike.add(i);
            }
        }
        String noun = ObjectWords.phrase(t, false, true, false);
        for (int d = 0; d < EXTREMES.size(); d++) {
            boolean clear = true;
            double mine = coordinate(scene, index, d);
            for (int i : alike) {
                if (i != index && coordinate(scene, i, d) - mine < 2) {
                    clear = false;
                    break;
                }
            }
            if (clear) {
                return Optional.of("the " + EXTREMES.get(d) + " " + noun);
            }
        }
        return Optional.empty();
    }

    /** Smaller is more extreme in direction d (left, right, top, bottom). */
    private static double coordinate(Scene scene, int i, int d) {
        var b = scene.boxes().get(i);
        return switch (d) {
            case 0 -> b.centreX();
            case 1 -> -b.centreX();
            case 2 -> b.centreY();
            default -> -b.centreY();
        };
    }
}
