package org.refvlm.trainer.internal;

import ai.djl.ndarray.NDManager;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.refvlm.training.BatchSource;

/**
 * Makes the next micro-batch on a background thread while the current one trains: drawing
 * synthetic scenes and reading pictures is single-threaded Java work that would otherwise leave
 * a core idle. Batches are pure functions of (seed, index), so prefetching changes nothing but
 * the time; a request for any other index than the one prefetched is simply computed. The
 * wrapped source must not put arrays on the manager (examples are plain Java values).
 *
 * @param <B> batch type
 */
final class PrefetchingBatches<B> implements BatchSource<B>, AutoCloseable {

    private final BatchSource<B> source;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "refvlm-batch-prefetch");
        t.setDaemon(true);
        return t;
    });
    private long nextIndex = -1;
    private long nextSeed;
    private CompletableFuture<B> next;

    PrefetchingBatches(BatchSource<B> source) {
        this.source = source;
    }

    @Override
    public synchronized B batch(long seed, long index, NDManager manager) {
        B batch;
        if (next != null && nextIndex == index && nextSeed == seed) {
            try {
                batch = next.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for micro-batch " + index, e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        } else {
            if (next != null) {
                next.cancel(false);
            }
            batch = source.batch(seed, index, manager);
        }
        nextIndex = index + 1;
        nextSeed = seed;
        next = CompletableFuture.supplyAsync(() -> source.batch(seed, index + 1, null), worker);
        return batch;
    }

    @Override
    public long examples(B batch) {
        return source.examples(batch);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
