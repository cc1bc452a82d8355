package org.refvlm.trainer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.llm.CausalLanguageModel;
import org.refvlm.llm.LlamaConfig;
import org.refvlm.llm.LlamaModels;
import org.refvlm.llm.RefVlmTokens;
import org.refvlm.llm.TextTokenizer;
import org.refvlm.llm.WordMergeTokenizerJson;

class NewTokenRowsTest {

    @TempDir
    Path dir;

    /**
     * "circle" written after a tag starts as " circle" does, in the embeddings and the output head;
     * "depth", which the base never saw with a space either, keeps the mean row; old rows are unchanged.
     */
    @Test
    void aNewWordStartsFromTheRowsOfTheSameWordWithASpace() throws Exception {
        Path base = dir.resolve("tokenizer.json");
        Files.writeString(base, WordMergeTokenizerJson.json(List.of("the", " circle", " red", " star")));
        Path grown = dir.resolve("grown.json");
        Files.writeString(grown, WordMergeTokenizerJson.withWords(Files.readString(base), RefVlmTokens.ADDED_TOKENS,
                List.of("circle", "depth")).json());
        try (TextTokenizer before = TextTokenizer.load(base, RefVlmTokens.ADDED_TOKENS);
             TextTokenizer after = TextTokenizer.load(grown, RefVlmTokens.ADDED_TOKENS);
             CausalLanguageModel lm = LlamaModels.random(LlamaConfig.of(before.vocabSize(), 16, 32, 1, 2, 2, false),
                     Device.cpu(), 7)) {
            int old = before.vocabSize();
            long circle = after.tokenId("circle");
            long spaced = after.tokenId(" circle");
            long depth = after.tokenId("depth");
            assertThat(circle).isGreaterThanOrEqualTo(old);
            assertThat(spaced).isBetween(0L, (long) old - 1);
            assertThat(NewTokenRows.sources(after, old)).isEqualTo(Map.of(circle, spaced));

            float[] embeddingsBefore = lm.parameters().get("model.embed_tokens.weight").toFloatArray();
            lm.resizeTokenEmbeddings(after.vocabSize());
            assertThat(NewTokenRows.startFromSpacedWords(lm, after, old)).isEqualTo(1);
            for (String name : List.of("model.embed_tokens.weight", "lm_head.weight")) {
                NDArray w = lm.parameters().get(name);                                   // [V', D]
                assertThat(row(w, circle)).as(name).containsExactly(row(w, spaced));
                assertThat(row(w, depth)).as(name + ": the mean row")
                        .containsExactly(w.get(new NDIndex(":{}", old)).mean(new int[] {0}).toFloatArray());
            }
            assertThat(lm.parameters().get("model.embed_tokens.weight").get(new NDIndex(":{}", old)).toFloatArray())
                    .containsExactly(embeddingsBefore);
        }
    }

    private static float[] row(NDArray w, long id) {
        return w.get(new NDIndex("{}", id)).toFloatArray();
    }
}
