package org.refvlm.data.synth;

/**
 * What scenes look like.
 *
 * @param size        side of the square image in pixels, 64 to 512
 * @param minObjects  at least 2, so that every scene has two kinds of object to talk about
 * @param maxObjects  at most 8
 */
public record SceneConfig(int size, int minObjects, int maxObjects) implements java.io.Serializable {
    public static final SceneConfig DEFAULT = new SceneConfig(256, 2, 6);

    public SceneConfig {
        if (size < 64 || size > 512) {
            throw new IllegalArgumentException("scene size must be 64 to 512 pixels, was " + size);
        }
        if (minObjects < 2 || maxObjects < minObjects || maxObjects > 8) {
            throw new IllegalArgumentException("objects per scene must satisfy 2 <= min <= max <= 8");
        }
    }
}
