package org.refvlm.api.model;

import java.util.Set;

/**
 * How to sample an answer. {@code temperature == 0} means greedy decoding; {@code topK <= 0}
 * and {@code topP >= 1} switch those filters off.
 */
public record GenerationOptions(
        int maxNewTokens, double temperature, int topK, double topP, long seed, Set<Integer> stopTokens) {

    public GenerationOptions {
        if (maxNewTokens <= 0) {
            throw new IllegalArgumentException("maxNewTokens must be positive, got " + maxNewTokens);
        }
        if (temperature < 0 || Double.isNaN(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        stopTokens = Set.copyOf(stopTokens);
    }

    public static GenerationOptions greedy(int maxNewTokens) {
        return new GenerationOptions(maxNewTokens, 0, 0, 1, 0, Set.of());
    }
}
