package org.refvlm.llm;

import java.util.List;

/**
 * Decoding settings, Hugging Face semantics: warpers apply in the order temperature, top-k,
 * top-p; {@code doSample=false} is greedy; generation stops when every sequence has emitted a
 * stop token or when {@code maxNewTokens} / {@code maxLength} (prompt included, 0 = unbounded) is
 * reached. Finished rows are padded with {@code padTokenId}.
 */
public record GenerationConfig(
        int maxNewTokens,
        int maxLength,
        boolean doSample,
        float temperature,
        int topK,
        float topP,
        List<Long> stopTokenIds,
        long padTokenId,
        long seed,
        boolean useCache) {

    public GenerationConfig {
        stopTokenIds = List.copyOf(stopTokenIds);
        if (maxNewTokens < 0 || maxLength < 0) {
            throw new IllegalArgumentException("lengths must be non-negative");
        }
        if (doSample && !(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0 when sampling");
        }
        if (topP <= 0 || topP > 1) {
            throw new IllegalArgumentException("top_p must be in (0, 1]");
        }
    }

    /** Greedy decoding with a KV cache. */
    public static GenerationConfig greedy(int maxNewTokens, List<Long> stopTokenIds, long padTokenId) {
        return new GenerationConfig(maxNewTokens, 0, false, 1f, 0, 1f, stopTokenIds, padTokenId, 0L, true);
    }

    /** REF-VLM's predict defaults: sampling, temperature 0.1, top-k 40, top-p 0.75, 512 new tokens. */
    public static GenerationConfig refVlmDefaults(List<Long> stopTokenIds, long padTokenId, long seed) {
        return new GenerationConfig(512, 0, true, 0.1f, 40, 0.75f, stopTokenIds, padTokenId, seed, true);
    }

    public GenerationConfig withCache(boolean cache) {
        return new GenerationConfig(maxNewTokens, maxLength, doSample, temperature, topK, topP, stopTokenIds,
                padTokenId, seed, cache);
    }

    public GenerationConfig withSampling(float temperature, int topK, float topP, long seed) {
        return new GenerationConfig(maxNewTokens, maxLength, true, temperature, topK, topP, stopTokenIds,
                padTokenId, seed, useCache);
    }
}
