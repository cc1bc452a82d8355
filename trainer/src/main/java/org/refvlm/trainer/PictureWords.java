package org.refvlm.trainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.refvlm.data.synth.ColourName;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SceneObject;
import org.refvlm.data.synth.ShapeKind;
import org.refvlm.data.synth.SizeClass;
import org.refvlm.data.synth.Texture;

/**
 * What a picture shows where, in words: for every pixel the object there (or none), and for every
 * object one word per attribute group (its shape, colour, pattern, size). The trainer's
 * picture-words loss ({@code pictureWordsWeight}) asks each image token, after the projector, to name the
 * object at its cell's centre through the language model's own word embeddings, so that image
 * tokens land where the words that describe them are and the language model can read them as it
 * reads the prompt's words.
 *
 * @param width       picture width in pixels
 * @param height      picture height in pixels
 * @param objectAt    [height * width] the object index at each pixel, -1 for background
 * @param objectWords per object, its word in each attribute group, in the order of
 *                    {@link #syntheticGroups()} (the groups the loss scores each as one choice)
 */
public record PictureWords(int width, int height, int[] objectAt, List<List<String>> objectWords) {

    public PictureWords {
        if (objectAt.length != width * height) {
            throw new IllegalArgumentException("objectAt has " + objectAt.length + " entries for a " + width + "x"
                    + height + " picture");
        }
        objectAt = objectAt.clone();
        objectWords = List.copyOf(objectWords.stream().map(List::copyOf).toList());
        int groups = SYNTHETIC_GROUPS.size();
        for (List<String> words : objectWords) {
            if (words.size() != groups) {
                throw new IllegalArgumentException("an object has " + words.size() + " words for " + groups
                        + " attribute groups");
            }
        }
    }

    /** The synthetic world's groups: shape nouns, colours, patterns, sizes. */
    private static final List<List<String>> SYNTHETIC_GROUPS = List.of(
            Arrays.stream(ShapeKind.values()).map(ShapeKind::noun).toList(),
            Arrays.stream(ColourName.values()).map(ColourName::word).toList(),
            Arrays.stream(Texture.values()).map(Texture::word).toList(),
            Arrays.stream(SizeClass.values()).map(SizeClass::word).toList());

    /** The synthetic world's groups: shape nouns, colours, patterns, sizes. */
    public static List<List<String>> syntheticGroups() {
        return SYNTHETIC_GROUPS;
    }

    private static final List<String> GROUP_NAMES = List.of("shape", "colour", "pattern", "size");

    /** The name of group {@code index} of {@link #syntheticGroups()}: shape, colour, pattern, size. */
    public static String groupName(int index) {
        return GROUP_NAMES.get(index);
    }

    /** The words of a synthetic scene. */
    public static PictureWords of(Scene scene) {
        List<List<String>> words = new ArrayList<>();
        for (SceneObject o : scene.objects()) {
            words.add(List.of(o.kind().noun(), o.colour().word(), o.texture().word(), o.size().word()));
        }
        return new PictureWords(scene.width(), scene.height(), scene.labels(), words);
    }

    /**
     * The words of the object at a point of the picture, or null over background or outside it.
     *
     * @param x pixel column (may be fractional)
     * @param y pixel row
     */
    public List<String> wordsAt(double x, double y) {
        int px = (int) Math.floor(x), py = (int) Math.floor(y);
        if (px < 0 || py < 0 || px >= width || py >= height) {
            return null;
        }
        int object = objectAt[py * width + px];
        return object < 0 ? null : objectWords.get(object);
    }
}
