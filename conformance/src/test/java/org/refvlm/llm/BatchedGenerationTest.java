package org.refvlm.llm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.model.Generation;
import org.refvlm.api.model.GenerationOptions;
import org.refvlm.api.model.LanguageModel;
import org.refvlm.api.model.TokenListener;

/**
 * {@link LanguageModel#generateAll} on LLaMA: greedy rows of different prompt lengths, left-padded
 * into one batch, generate what each generates alone, and every listener hears the same tokens
 * with the same states (to float32 rounding), including a row that stops while the others go on.
 */
class BatchedGenerationTest {

    /** Prompt lengths: the longest decides the padding of the others. */
    private static final int[] LENGTHS = {5, 9, 2};

    @TempDir
    Path dir;

    /** What a listener heard: position, token, text and a host copy of the state (null when none). */
    private record Heard(int position, int token, String text, float[] state) {
    }

    private static final class Recorder implements TokenListener {
        final List<Heard> heard = new ArrayList<>();

        @Override
        public void onToken(int position, int tokenId, String text, NDArray hidden) {
            heard.add(new Heard(position, tokenId, text, hidden == null ? null : hidden.toFloatArray()));
        }
    }

    @Test
    void greedyRowsInOneBatchGenerateAsEachAlone() throws IOException {
        compare(GenerationOptions.greedy(10), false);
    }

    @Test
    void aRowThatStopsEarlyHearsNothingMoreWhileTheOthersGoOn() throws IOException {
        compare(GenerationOptions.greedy(10), true);
    }

    private void compare(GenerationOptions base, boolean earlyStop) throws IOException {
        Path tokenizerJson = dir.resolve("tokenizer.json");
        Files.writeString(tokenizerJson, CharTokenizerJson.json());
        try (CausalLanguageModel model = TinyLlamas.random(2, false, 5);
             TextTokenizer tokenizer = TextTokenizer.load(tokenizerJson);
             NDManager m = LlamaModels.engine().newBaseManager()) {
            LanguageModel lm = LlamaModels.asLanguageModel("tiny", model, tokenizer, List.of());
            List<NDArray> prompts = new ArrayList<>();
            long id = 5;
            for (int length : LENGTHS) {
                long[] ids = new long[length];
                for (int i = 0; i < length; i++) {
                    ids[i] = id++ % 90 + 4;
                }
                prompts.add(lm.embed(m.create(ids)));                                          // [T_i, D]
            }
            GenerationOptions options = base;
            if (earlyStop) {
                // Row 0's third token becomes a stop token, chosen so that no other row makes it
                // earlier: row 0 stops after 3 tokens, the others run on.
                List<Generation> free = alone(lm, prompts, base, new ArrayList<>());
                int stop = free.get(0).tokenIds()[2];
                for (int r = 1; r < free.size(); r++) {
                    assertThat(free.get(r).tokenIds()).as("row %d makes the stop token", r).doesNotContain(stop);
                }
                options = new GenerationOptions(base.maxNewTokens(), 0, 0, 1, 0, Set.of(stop));
            }
            List<Recorder> aloneHeard = new ArrayList<>();
            List<Generation> alone = alone(lm, prompts, options, aloneHeard);
            List<Recorder> batchHeard = new ArrayList<>();
            for (int r = 0; r < prompts.size(); r++) {
                batchHeard.add(new Recorder());
            }
            List<Generation> batched = lm.generateAll(prompts, options, List.copyOf(batchHeard));

            if (earlyStop) {
                assertThat(alone.get(0).stopReason()).isEqualTo(Generation.StopReason.STOP_TOKEN);
                assertThat(alone.get(0).tokenIds()).hasSize(3);
                assertThat(alone.get(1).tokenIds()).hasSize(10);
            }
            for (int r = 0; r < prompts.size(); r++) {
                Generation a = alone.get(r);
                Generation b = batched.get(r);
                assertThat(b.tokenIds()).as("row %d tokens", r).containsExactly(a.tokenIds());
                assertThat(b.text()).isEqualTo(a.text());
                assertThat(b.stopReason()).isEqualTo(a.stopReason());
                List<Heard> x = aloneHeard.get(r).heard;
                List<Heard> y = batchHeard.get(r).heard;
                assertThat(y).hasSameSizeAs(x);
                for (int j = 0; j < x.size(); j++) {
                    assertThat(y.get(j).position()).isEqualTo(x.get(j).position());
                    assertThat(y.get(j).token()).isEqualTo(x.get(j).token());
                    assertThat(y.get(j).text()).isEqualTo(x.get(j).text());
                    if (x.get(j).state() == null) {
                        assertThat(y.get(j).state()).as("row %d token %d has no state", r, j).isNull();
                    } else {
                        float[] s = x.get(j).state();
                        float[] t = y.get(j).state();
                        assertThat(t).hasSameSizeAs(s);
                        for (int k = 0; k < s.length; k++) {
                            // float32 rounding of sums taken in another order: states are O(1)
                            assertThat(t[k]).as("row %d token %d state %d", r, j, k)
                                    .isCloseTo(s[k], org.assertj.core.data.Offset.offset(1e-5f));
                        }
                    }
                }
            }
        }
    }

    private static List<Generation> alone(LanguageModel lm, List<NDArray> prompts, GenerationOptions options,
            List<Recorder> heard) {
        List<Generation> out = new ArrayList<>();
        for (NDArray p : prompts) {
            Recorder r = new Recorder();
            heard.add(r);
            out.add(lm.generate(p, options, r));
        }
        return out;
    }
}
