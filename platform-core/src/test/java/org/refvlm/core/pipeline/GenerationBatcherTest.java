package org.refvlm.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.refvlm.api.model.Generation;
import org.refvlm.api.model.GenerationOptions;
import org.refvlm.api.model.LanguageModel;
import org.refvlm.api.model.TokenListener;

/**
 * The batcher's bookkeeping with a model that answers each prompt with its own length: who ends
 * up in which batch, that every request gets its own row back, and what bypasses batching. The
 * windows are an hour long, so a test that passes did not wait for one to run out.
 */
@Timeout(60)
class GenerationBatcherTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private final NDManager manager = NDManager.newBaseManager();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void close() {
        pool.shutdownNow();
        manager.close();
    }

    /** Answers prompt [T, D] with the one token T; records each call's rows. */
    private static final class LengthModel implements LanguageModel {
        final List<Integer> batches = Collections.synchronizedList(new ArrayList<>());
        volatile RuntimeException failure;

        @Override
        public Generation generate(NDArray inputEmbeddings, GenerationOptions options, TokenListener listener) {
            int t = (int) inputEmbeddings.getShape().get(0);
            listener.onToken(0, t, "t" + t, null);
            return new Generation(new int[] {t}, "t" + t, Generation.StopReason.MAX_TOKENS);
        }

        @Override
        public List<Generation> generateAll(List<NDArray> inputEmbeddings, GenerationOptions options,
                List<TokenListener> listeners) {
            batches.add(inputEmbeddings.size());
            if (failure != null) {
                throw failure;
            }
            return LanguageModel.super.generateAll(inputEmbeddings, options, listeners);
        }

        // The rest is not used by the batcher.
        @Override
        public String name() {
            return "length";
        }

        @Override
        public int hiddenSize() {
            return 2;
        }

        @Override
        public int contextLength() {
            return 1000;
        }

        @Override
        public OptionalInt bosId() {
            return OptionalInt.empty();
        }

        @Override
        public int[] encode(String text) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String decode(int[] tokenIds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public NDArray embed(NDArray tokenIds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public NDArray hiddenStates(NDArray inputEmbeddings) {
            throw new UnsupportedOperationException();
        }
    }

    private NDArray prompt(int length) {
        return manager.zeros(new Shape(length, 2));
    }

    /** {@code n} requests that all start encoding, then all generate: prompt i has length 10 + i. */
    private List<Future<Generation>> concurrent(GenerationBatcher batcher, int n, GenerationOptions options) {
        CountDownLatch started = new CountDownLatch(n);
        List<Future<Generation>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int length = 10 + i;
            batcher.arriving();
            started.countDown();
            out.add(pool.submit(() -> {
                started.await();
                List<Integer> heard = new ArrayList<>();
                Generation g = batcher.generate(prompt(length), options, (p, token, text, hidden) -> heard.add(token));
                assertThat(heard).containsExactly(length);
                return g;
            }));
        }
        return out;
    }

    @Test
    void requestsThatArriveTogetherShareOneBatchAndEachGetsItsOwnRow() throws Exception {
        LengthModel model = new LengthModel();
        GenerationBatcher batcher = new GenerationBatcher(model, new GenerationBatching(4, HOUR));
        List<Future<Generation>> results = concurrent(batcher, 4, GenerationOptions.greedy(8));
        for (int i = 0; i < 4; i++) {
            assertThat(results.get(i).get(30, TimeUnit.SECONDS).tokenIds()).containsExactly(10 + i);
        }
        assertThat(model.batches).containsExactly(4);
    }

    @Test
    void moreRequestsThanABatchHoldsRunInSeveralBatches() throws Exception {
        LengthModel model = new LengthModel();
        GenerationBatcher batcher = new GenerationBatcher(model, new GenerationBatching(2, HOUR));
        List<Future<Generation>> results = concurrent(batcher, 5, GenerationOptions.greedy(8));
        for (int i = 0; i < 5; i++) {
            assertThat(results.get(i).get(30, TimeUnit.SECONDS).tokenIds()).containsExactly(10 + i);
        }
        assertThat(model.batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);  // batches of 2 only
        assertThat(model.batches).allMatch(size -> size == 2);
    }

    @Test
    void aRequestThatFailsBeforeGeneratingIsNotWaitedFor() throws Exception {
        LengthModel model = new LengthModel();
        GenerationBatcher batcher = new GenerationBatcher(model, new GenerationBatching(4, HOUR));
        batcher.arriving();
        batcher.arriving();
        Future<Generation> one = pool.submit(() -> batcher.generate(prompt(3), GenerationOptions.greedy(8),
                (p, token, text, hidden) -> { }));
        batcher.abandon();   // its encoding failed: the leader stops waiting for it
        assertThat(one.get(30, TimeUnit.SECONDS).tokenIds()).containsExactly(3);
        assertThat(model.batches).isEmpty();   // a batch of one is generated alone
    }

    @Test
    void sampledRequestsAndBatchesOfOneGoStraightToTheModel() throws Exception {
        LengthModel model = new LengthModel();
        GenerationBatcher sampling = new GenerationBatcher(model, new GenerationBatching(4, HOUR));
        GenerationOptions sampled = new GenerationOptions(8, 0.7, 0, 1, 42, Set.of());
        for (Future<Generation> f : concurrent(sampling, 3, sampled)) {
            assertThat(f.get(30, TimeUnit.SECONDS).tokenIds()).hasSize(1);
        }
        GenerationBatcher off = new GenerationBatcher(model, GenerationBatching.OFF);
        for (Future<Generation> f : concurrent(off, 3, GenerationOptions.greedy(8))) {
            assertThat(f.get(30, TimeUnit.SECONDS).tokenIds()).hasSize(1);
        }
        assertThat(model.batches).isEmpty();
    }

    @Test
    void aFailedBatchIsEveryRowsFailure() throws Exception {
        LengthModel model = new LengthModel();
        model.failure = new IllegalStateException("the engine ran out of memory");
        GenerationBatcher batcher = new GenerationBatcher(model, new GenerationBatching(2, HOUR));
        for (Future<Generation> f : concurrent(batcher, 2, GenerationOptions.greedy(8))) {
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasRootCauseMessage("the engine ran out of memory");
        }
    }

    @Test
    void batchingSettingsAreChecked() {
        assertThatThrownBy(() -> new GenerationBatching(0, HOUR)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new GenerationBatching(2, Duration.ofMillis(-1))).hasMessageContaining("zero or more");
        assertThat(GenerationBatching.OFF.enabled()).isFalse();
    }
}
