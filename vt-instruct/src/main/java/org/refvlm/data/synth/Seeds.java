package org.refvlm.data.synth;

/**
 * Derives independent seeds with the SplitMix64 finaliser, so scene k of a split does not depend on how many
 * random numbers scene k-1 used: any sample can be regenerated alone from (seed, split, index).
 */
public final class Seeds {
    private Seeds() {
    }

    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static long sceneSeed(long userSeed, Split split, long sceneIndex) {
        return mix(mix(userSeed ^ split.salt()) + sceneIndex * 0x9E3779B97F4A7C15L);
    }

    public static long sampleSeed(long sceneSeed, long sampleIndex) {
        return mix(sceneSeed ^ mix(sampleIndex + 0x632BE59BD9B4E019L));
    }
}
