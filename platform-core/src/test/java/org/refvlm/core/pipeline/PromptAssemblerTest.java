package org.refvlm.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.refvlm.api.model.ContextLengthException;
import org.refvlm.api.model.Generation;
import org.refvlm.api.model.GenerationOptions;
import org.refvlm.api.model.LanguageModel;
import org.refvlm.api.model.TokenListener;

class PromptAssemblerTest {

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    /** One token per character; the embedding of a token is [code, code] so pieces can be traced. */
    private static final LanguageModel CHARS = new LanguageModel() {
        @Override
        public String name() {
            return "chars";
        }

        @Override
        public int hiddenSize() {
            return 2;
        }

        @Override
        public int contextLength() {
            return 64;
        }

        @Override
        public java.util.OptionalInt bosId() {
            return java.util.OptionalInt.of(1);
        }

        @Override
        public int[] encode(String text) {
            return text.chars().toArray();
        }

        @Override
        public String decode(int[] tokenIds) {
            return new String(tokenIds, 0, tokenIds.length);
        }

        @Override
        public NDArray embed(NDArray tokenIds) {
            NDArray ids = tokenIds.toType(DataType.FLOAT32, false).expandDims(1);
            return ids.concat(ids, 1);
        }

        @Override
        public NDArray hiddenStates(NDArray inputEmbeddings) {
            return inputEmbeddings;
        }

        @Override
        public Generation generate(NDArray inputEmbeddings, GenerationOptions options, TokenListener listener) {
            throw new UnsupportedOperationException("not needed to assemble prompts");
        }
    };

    @Test
    void aPromptLongerThanTheContextIsRefusedBeforeEmbedding() {
        NDArray image = manager.full(new Shape(3, 2), -1f);
        String prompt = "word ".repeat(20) + "<image>";
        assertThatThrownBy(() -> new PromptAssembler(CHARS).assemble(prompt, image, List.of(), manager))
                .isInstanceOf(ContextLengthException.class)
                .hasMessage("the prompt needs 103 positions (text, image and visual-prompt tokens) but the model's "
                        + "context holds 64 (max_position_embeddings in its llm/config.json), with at least one left "
                        + "for the answer; shorten the prompt");
        assertThat(new PromptAssembler(CHARS).assemble("x".repeat(60) + "<image>", image, List.of(), manager)
                .getShape().get(0)).isEqualTo(63);
    }

    @Test
    void aModelTrainedWithBosGetsItFirst() {
        NDArray image = manager.full(new Shape(1, 2), -1f);
        float[] withBos = new PromptAssembler(CHARS).assemble("A<image>", true, image, List.of(), manager).toFloatArray();
        assertThat(withBos).containsExactly(1f, 1f, 'A', 'A', -1f, -1f);
        float[] without = new PromptAssembler(CHARS).assemble("A<image>", false, image, List.of(), manager).toFloatArray();
        assertThat(without).containsExactly('A', 'A', -1f, -1f);
    }

    @Test
    void splicesImageAndRegionTokensInOrder() {
        NDArray image = manager.full(new Shape(3, 2), -1f);
        NDArray r0 = manager.full(new Shape(2, 2), -2f);
        NDArray r1 = manager.full(new Shape(1, 2), -3f);
        NDArray e = new PromptAssembler(CHARS).assemble("A<image>B<region>C<region>", image, List.of(r0, r1), manager);
        assertThat(e.getShape()).isEqualTo(new Shape(9, 2));
        float[] firstColumn = e.get(":, 0").toFloatArray();
        assertThat(firstColumn).containsExactly('A', -1, -1, -1, 'B', -2, -2, 'C', -3);
    }

    @Test
    void placeholderCountsMustMatchTheInputs() {
        NDArray image = manager.zeros(new Shape(1, 2));
        PromptAssembler a = new PromptAssembler(CHARS);
        assertThatThrownBy(() -> a.assemble("no image", image, List.of(), manager))
                .hasMessage("the prompt must contain <image> exactly once, found 0");
        assertThatThrownBy(() -> a.assemble("<image><region>", image, List.of(), manager))
                .hasMessage("the prompt has more <region> placeholders than the 0 visual prompt(s) given");
        assertThatThrownBy(() -> a.assemble("<image>", image, List.of(manager.zeros(new Shape(1, 2))), manager))
                .hasMessage("1 visual prompt(s) given but the prompt has 0 <region> placeholder(s)");
    }
}
