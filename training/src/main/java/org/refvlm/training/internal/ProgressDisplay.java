package org.refvlm.training.internal;

import java.time.Duration;
import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Terminal progress bar (steps done, ETA from the bar itself, loss and throughput as the extra
 * message). Opt-in: library code otherwise never writes to the console.
 */
public interface ProgressDisplay extends AutoCloseable {
    ProgressDisplay NONE = new ProgressDisplay() {
        @Override
        public void update(long step, double loss, double examplesPerSecond) {
        }

        @Override
        public void close() {
        }
    };

    void update(long step, double loss, double examplesPerSecond);

    @Override
    void close();

    /** A console bar over {@code total} steps starting at {@code start} (a resumed run). */
    static ProgressDisplay console(long start, long total, Duration elapsed) {
        return create(start, total, elapsed, null);
    }

    /** The same bar rendered into {@code sink} (one string per refresh) instead of the console. */
    static ProgressDisplay into(Consumer<String> sink, long start, long total, Duration elapsed) {
        return create(start, total, elapsed, sink);
    }

    private static ProgressDisplay create(long start, long total, Duration elapsed, Consumer<String> sink) {
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .showSpeed()
                .setUnit(" steps", 1)
                .startsFrom(start, elapsed);
        if (sink != null) {
            builder.setConsumer(new DelegatingProgressBarConsumer(sink, 160));
        }
        ProgressBar bar = builder.build();
        return new ProgressDisplay() {
            @Override
            public void update(long step, double loss, double examplesPerSecond) {
                bar.stepTo(step);
                bar.setExtraMessage(String.format(" loss %.4f, %.1f ex/s", loss, examplesPerSecond));
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
