package org.refvlm.training.internal;

/**
 * Derives independent seeds from the recipe seed. Randomness is re-seeded from (seed, position)
 * instead of being carried along, so a resumed run reproduces it from the position alone and no
 * generator state has to be saved.
 */
public final class Seeds {
    private Seeds() {
    }

    /** SplitMix64 finaliser of {@code seed} combined with {@code stream} and {@code index}. */
    public static long mix(long seed, long stream, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1) + 0xBF58476D1CE4E5B9L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Non-negative int form, for engines whose seed is an int. */
    public static int mixInt(long seed, long stream, long index) {
        return (int) (mix(seed, stream, index) >>> 33);
    }

    /** Stream of per-micro-batch data randomness. */
    public static final long DATA = 1;
    /** Stream of per-step engine randomness (dropout, noise). */
    public static final long ENGINE = 2;
}
