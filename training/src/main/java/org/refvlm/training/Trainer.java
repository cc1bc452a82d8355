package org.refvlm.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.refvlm.training.internal.FaultInjector;
import org.refvlm.training.internal.Hashing;
import org.refvlm.training.internal.MetricsLog;
import org.refvlm.training.internal.ProgressDisplay;
import org.refvlm.training.internal.Seeds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the optimizer steps of a recipe: for every step, {@code accumulation} micro-batches are
 * drawn from the {@link BatchSource}, their losses back-propagated (each scaled by 1/K so the
 * gradients add up to the average), the global gradient norm clipped, an AdamW update made at
 * the scheduled learning rate, and the gradients zeroed. Metrics go to
 * {@code outDir/metrics.jsonl}, checkpoints to {@code outDir/checkpoints}.
 *
 * <p>Exact resume rests on three things: batches are a pure function of (seed, index); the engine
 * generator is re-seeded from (seed, step) before every step, so no generator state needs saving;
 * and the checkpoint holds the trainable parameters and the full AdamW state bit for bit.
 * A resumed run therefore computes the same floating-point operations on the same values.
 *
 * @param <B> batch type
 */
public final class Trainer<B> {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    public static final String METRICS = "metrics.jsonl";
    public static final String CHECKPOINTS = "checkpoints";

    private final TrainingConfig config;
    private final Map<String, NDArray> trainable;
    private final BatchSource<B> data;
    private final StepFunction<B> stepFunction;
    private AdamW optimizer;
    private boolean progressBar;
    private Consumer<String> progressSink;
    private int keepCheckpoints = 2;
    private String recipeHash;
    private FaultInjector faults = FaultInjector.NONE;
    private long stopAfter = Long.MAX_VALUE;
    private boolean scoped = true;
    private LongSupplier work;
    private long step;

    /**
     * @param parameters the model's parameters by name; those that require gradients at
     *                   construction are trained and checkpointed, the rest stay as they are
     */
    public Trainer(TrainingConfig config, Map<String, NDArray> parameters, BatchSource<B> data,
                   StepFunction<B> stepFunction) {
        this.config = Objects.requireNonNull(config);
        Map<String, NDArray> t = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            if (v.hasGradient()) {
                t.put(k, v);
            }
        });
        if (t.isEmpty()) {
            throw new IllegalArgumentException("no parameter requires a gradient: nothing to train");
        }
        this.trainable = Collections.unmodifiableMap(t);
        this.data = Objects.requireNonNull(data);
        this.stepFunction = Objects.requireNonNull(stepFunction);
        this.optimizer = AdamW.of(config);
        this.recipeHash = config.fingerprint();
    }

    /** Shows a console progress bar (loss, throughput, time left); off by default. */
    public Trainer<B> withProgressBar(boolean show) {
        this.progressBar = show;
        return this;
    }

    /** How many checkpoints to keep (the reference keeps 2). */
    public Trainer<B> withKeepCheckpoints(int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one checkpoint");
        }
        this.keepCheckpoints = keep;
        return this;
    }

    /**
     * Whether every array created during a micro-batch is closed after it (default). Model code
     * that caches arrays on first use (position tables, masks) must either unregister them from
     * the NDScope or switch this off and manage its temporaries itself.
     */
    public Trainer<B> withScopedTemporaries(boolean closeAll) {
        this.scoped = closeAll;
        return this;
    }

    /**
     * Writes each step's growth of {@code counter} (the floating-point work a counter such as the
     * layer kit's FLOP counter saw) into {@code metrics.jsonl} as {@code flops}: how a benchmark
     * relates a step's time to the work it did.
     */
    public Trainer<B> withWorkCounter(LongSupplier counter) {
        this.work = counter;
        return this;
    }

    /** Replaces the optimizer (e.g. a different no-decay rule). */
    public Trainer<B> withOptimizer(AdamW adamW) {
        this.optimizer = Objects.requireNonNull(adamW);
        return this;
    }

    /**
     * Mixes something beyond the config into the recipe fingerprint (the recipe file's own hash,
     * dataset versions), so resume refuses a run whose data or model changed.
     */
    public Trainer<B> withRecipeIdentity(String identity) {
        this.recipeHash = Hashing.sha256Hex(config.fingerprint() + "|" + identity);
        return this;
    }

    /** Stops (returns) after this many completed steps even if the recipe has more; for callers that pause runs. */
    public Trainer<B> stopAfter(long steps) {
        this.stopAfter = steps;
        return this;
    }

    /** Renders the progress bar into {@code sink} instead of the console (tests, log forwarding). */
    Trainer<B> withProgressSink(Consumer<String> sink) {
        this.progressSink = sink;
        return this;
    }

    Trainer<B> withFaults(FaultInjector f) {
        this.faults = f;
        return this;
    }

    public AdamW optimizer() {
        return optimizer;
    }

    /** Optimizer steps completed. */
    public long step() {
        return step;
    }

    public Map<String, NDArray> trainableParameters() {
        return trainable;
    }

    private ProgressDisplay progress(double elapsedBefore) {
        Duration before = Duration.ofMillis((long) (elapsedBefore * 1000));
        if (progressSink != null) {
            return ProgressDisplay.into(progressSink, step, config.steps(), before);
        }
        return progressBar ? ProgressDisplay.console(step, config.steps(), before) : ProgressDisplay.NONE;
    }

    /**
     * Trains to the end of the recipe. With {@code resume}, continues from the newest checkpoint
     * in the output folder (or starts afresh if there is none); without it, refuses a folder that
     * already holds checkpoints rather than silently overwriting them.
     */
    public TrainingResult run(boolean resume) throws IOException {
        Path outDir = config.outDir();
        Path checkpoints = outDir.resolve(CHECKPOINTS);
        Checkpoint.removeLeftovers(checkpoints);
        Optional<Path> latest = Checkpoint.latest(checkpoints);
        double elapsedBefore = 0;
        step = 0;
        Path lastCheckpoint = null;
        if (latest.isPresent()) {
            if (!resume) {
                throw new IllegalStateException(checkpoints + " already holds checkpoints; resume, or use another folder");
            }
            CheckpointInfo info = Checkpoint.read(latest.get());
            if (!info.recipeHash().equals(recipeHash)) {
                throw new IllegalStateException("checkpoint " + latest.get() + " was made by a different recipe ("
                        + info.recipeHash() + " vs " + recipeHash + ")");
            }
            if (info.microBatches() != info.step() * config.accumulation()) {
                throw new IllegalStateException("checkpoint data position " + info.microBatches()
                        + " does not match step " + info.step());
            }
            Checkpoint.restore(latest.get(), trainable, optimizer);
            step = info.step();
            elapsedBefore = info.elapsedSeconds();
            lastCheckpoint = latest.get();
        } else if (resume) {
            LOG.info("no checkpoint in {}, starting from step 0", checkpoints);
        }
        // Gradients left by whoever used the parameters before must not leak into step one.
        Gradients.zero(trainable);
        LearningRateSchedule schedule = config.schedule();
        Engine engine = Engine.getInstance();
        long end = Math.min(config.steps(), stopAfter);
        List<Double> losses = new ArrayList<>();
        long start = step;
        long t0 = System.nanoTime();
        LOG.info("training steps {}..{} of {} ({} trainable tensors)", start + 1, end, config.steps(),
                trainable.size());
        try (MetricsLog metrics = MetricsLog.open(outDir.resolve(METRICS), step);
             ProgressDisplay progress = progress(elapsedBefore);
             NDManager root = NDManager.newBaseManager(trainable.values().iterator().next().getDevice())) {
            while (step < end) {
                long stepStart = System.nanoTime();
                long workBefore = work == null ? 0 : work.getAsLong();
                // Engine randomness (dropout, noise) is a function of (seed, step) alone.
                engine.setRandomSeed(Seeds.mixInt(config.seed(), Seeds.ENGINE, step));
                double lossSum = 0;
                long examples = 0;
                for (int k = 0; k < config.accumulation(); k++) {
                    long global = step * config.accumulation() + k;
                    try (NDManager manager = root.newSubManager();
                         NDScope scope = scoped ? new NDScope() : null;
                         GradientCollector collector = engine.newGradientCollector()) {
                        if (scope != null) {
                            scope.suppressNotUsedWarning();
                        }
                        B batch = data.batch(config.seed(), global, manager);
                        examples += data.examples(batch);
                        NDArray loss = stepFunction.loss(new MicroBatch<>(step, k, global, batch, manager, collector,
                                Seeds.mix(config.seed(), Seeds.DATA, global)));
                        if (loss.getShape().size() != 1) {
                            throw new IllegalStateException("step function returned a loss of shape " + loss.getShape());
                        }
                        collector.backward(config.accumulation() == 1 ? loss : loss.div(config.accumulation()));
                        lossSum += loss.toType(DataType.FLOAT64, false).getDouble();
                    }
                }
                double loss = lossSum / config.accumulation();
                double lr = schedule.at(step);
                double norm = Gradients.clipGlobalNorm(trainable, config.clipNorm());
                if (Double.isFinite(norm) && Double.isFinite(loss)) {
                    optimizer.step(trainable, lr);
                } else {
                    // One bad batch must not poison the weights and the moments with NaN.
                    LOG.warn("step {}: non-finite loss {} or gradient norm {}, update skipped", step + 1, loss, norm);
                }
                Gradients.zero(trainable);
                step++;
                losses.add(loss);
                double seconds = (System.nanoTime() - stepStart) / 1e9;
                double elapsed = elapsedBefore + (System.nanoTime() - t0) / 1e9;
                double throughput = examples / Math.max(seconds, 1e-9);
                metrics.append(step, loss, lr, norm, throughput, elapsed,
                        work == null ? -1 : work.getAsLong() - workBefore);
                progress.update(step, loss, throughput);
                LOG.debug("step {} loss {} lr {} grad norm {}", step, loss, lr, norm);
                boolean due = config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0;
                // Also at the end of the recipe, and when pausing (stopAfter), so no finished step is lost.
                if (due || step == end) {
                    CheckpointInfo info = new CheckpointInfo(step, step * config.accumulation(), config.seed(),
                            schedule, recipeHash, elapsed);
                    lastCheckpoint = Checkpoint.write(checkpoints, info, trainable, optimizer, keepCheckpoints, faults);
                }
            }
        }
        LOG.info("trained to step {} of {}", step, config.steps());
        return new TrainingResult(start, step, losses, lastCheckpoint);
    }
}
