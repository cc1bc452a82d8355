package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The package's manager discipline: a forward pass whose input lives in a step's manager leaves
 * nothing behind in the long-lived parameter manager (else every training step would add arrays
 * there until the model is closed).
 */
class ManagerDisciplineTest {

    private NDManager root;
    private NDManager parameterManager;
    private Parameters params;

    @BeforeEach
    void open() {
        root = NDManager.newBaseManager();
        parameterManager = root.newSubManager();
        params = new Parameters(parameterManager, 3);
    }

    @AfterEach
    void close() {
        root.close();
    }

    /** Runs {@code forward} on an input made by {@code input} in a fresh step manager; counts what stays behind. */
    private void assertLeavesNothing(String what, Function<NDManager, NDArray> input,
            Function<NDArray, NDArray> forward) {
        int before = parameterManager.getManagedArrays().size();
        try (NDManager step = root.newSubManager()) {
            NDArray y = forward.apply(input.apply(step));
            assertThat(y.getManager()).as("%s: the result's manager", what).isNotSameAs(parameterManager);
        }
        assertThat(parameterManager.getManagedArrays().size()).as("%s: arrays in the parameter manager", what)
                .isEqualTo(before);
    }

    private static Function<NDManager, NDArray> randn(long... shape) {
        return m -> m.randomNormal(new Shape(shape));
    }

    @Test
    void layersLeaveNothingInTheParameterManager() {
        Linear linear = new Linear(params, "linear", 8, 8);
        LayerNorm norm = new LayerNorm(params, "norm", 8);
        GroupNorm groupNorm = new GroupNorm(params, "gn", 2, 8);
        RmsNorm rms = new RmsNorm(params, "rms", 8, 1e-6f);
        Conv2d conv = new Conv2d(params, "conv", 8, 8, ConvOptions.kernel(3).padding(1));
        Mlp mlp = new Mlp(params, "mlp", 8, 8, 8, 3, NonLinearity.GELU);
        MultiHeadAttention attention = new MultiHeadAttention(params, "attn", 8, 2, 4);
        TransformerLayerConfig config = TransformerLayerConfig.of(8, 2, 16);
        TransformerEncoderLayer post = new TransformerEncoderLayer(params, "post", config);
        TransformerEncoderLayer pre = new TransformerEncoderLayer(params, "pre", config.preNorm(true));
        TransformerDecoderLayer decoder = new TransformerDecoderLayer(params, "dec", config);

        assertLeavesNothing("Linear", randn(2, 3, 8), linear::forward);
        assertLeavesNothing("LayerNorm", randn(2, 3, 8), norm::forward);
        assertLeavesNothing("LayerNorm over channels", randn(1, 8, 2, 2), norm::forwardChannels);
        assertLeavesNothing("GroupNorm", randn(1, 8, 2, 2), groupNorm::forward);
        assertLeavesNothing("RmsNorm", randn(2, 3, 8), rms::forward);
        assertLeavesNothing("Conv2d", randn(1, 8, 3, 3), conv::forward);
        assertLeavesNothing("Mlp", randn(2, 3, 8), mlp::forward);
        assertLeavesNothing("MultiHeadAttention", randn(2, 3, 8), x -> attention.forward(x, x, x,
                new AttentionMask(x.getManager().ones(new Shape(2, 3)).toType(DataType.BOOLEAN, false),
                        x.getManager().zeros(new Shape(2, 1, 3, 3)))));
        assertLeavesNothing("post-norm encoder layer", randn(2, 3, 8),
                x -> post.forward(x, x.getManager().randomNormal(new Shape(3, 8)), AttentionMask.NONE, true));
        assertLeavesNothing("pre-norm encoder layer", randn(2, 3, 8),
                x -> pre.forward(x, null, AttentionMask.NONE, false));
        assertLeavesNothing("decoder layer", randn(2, 3, 8),
                x -> decoder.forward(x, null, AttentionMask.NONE, x, x, AttentionMask.NONE, false));
    }

    @Test
    void embeddingLeavesNothingInTheParameterManager() {
        Embedding embedding = new Embedding(params, "emb", 10, 4);
        assertLeavesNothing("Embedding.first", randn(1), x -> embedding.first(3, x));
        assertLeavesNothing("Embedding.lookup", m -> m.create(new long[] {1, 7, 7}), embedding::lookup);
    }
}
