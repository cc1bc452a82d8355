package org.refvlm.core.pipeline;

import ai.djl.ndarray.NDArray;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.refvlm.api.model.Generation;
import org.refvlm.api.model.GenerationOptions;
import org.refvlm.api.model.LanguageModel;
import org.refvlm.api.model.TokenListener;

/**
 * Runs the greedy generations of concurrent requests as batches ({@link LanguageModel#generateAll}).
 * A request that reaches generation while none is running becomes the leader: it waits until every
 * request still encoding has reached generation too, or the window has passed, then runs up to
 * {@code maxRows} waiting rows with its options as one batch and hands each row's result to its
 * request; while it runs, new arrivals queue, and one of them leads the next batch. Sampled
 * requests (their own random streams) and a batcher of one row go straight to the model.
 */
final class GenerationBatcher {

    /** One request's generation, waiting for a batch. */
    private record Waiting(NDArray embeddings, GenerationOptions options, TokenListener listener,
            CompletableFuture<Generation> result) {
    }

    private final LanguageModel model;
    private final GenerationBatching settings;
    private final Object lock = new Object();
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    /** Requests that have started and not yet reached generation: what a leader may wait for. */
    private int coming;
    private boolean leading;

    GenerationBatcher(LanguageModel model, GenerationBatching settings) {
        this.model = model;
        this.settings = settings;
    }

    /** A request has started encoding: it will generate soon, so a leader may wait for it. */
    void arriving() {
        synchronized (lock) {
            coming++;
        }
    }

    /** A request that said it was {@link #arriving} failed before generating: nobody waits for it. */
    void abandon() {
        synchronized (lock) {
            coming--;
            lock.notifyAll();
        }
    }

    /** The generation of a request that said it was {@link #arriving}. */
    Generation generate(NDArray embeddings, GenerationOptions options, TokenListener listener) {
        if (!settings.enabled() || options.temperature() != 0) {
            abandon();   // not coming to a batch: a leader waiting for it stops waiting
            return model.generate(embeddings, options, listener);
        }
        Waiting mine = new Waiting(embeddings, options, listener, new CompletableFuture<>());
        synchronized (lock) {
            // one step under the lock, so a leader never sees it neither coming nor queued
            coming--;
            queue.add(mine);
            lock.notifyAll();
        }
        while (!mine.result().isDone()) {
            boolean lead = false;
            synchronized (lock) {
                if (!leading && queue.contains(mine)) {
                    leading = true;
                    lead = true;
                } else if (!mine.result().isDone()) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        if (queue.remove(mine)) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted while waiting for a generation batch", e);
                        }
                        // Already in a running batch, which will call this request's listener:
                        // wait for it to finish rather than leave while it does.
                        awaitUninterruptibly(mine);
                    }
                }
            }
            if (lead) {
                lead(mine);
            }
        }
        try {
            return mine.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Called with the lock held: waits for the running batch that holds {@code mine}. */
    private void awaitUninterruptibly(Waiting mine) {
        while (!mine.result().isDone()) {
            try {
                lock.wait();
            } catch (InterruptedException again) {
                // restored for the caller below, once the batch has finished with this request
            }
        }
        Thread.currentThread().interrupt();
    }

    /** Gathers a batch, runs it outside the lock, then lets the next leader in. */
    private void lead(Waiting mine) {
        List<Waiting> batch = new ArrayList<>();
        try {
            synchronized (lock) {
                long deadline = System.nanoTime() + settings.window().toNanos();
                while (queue.size() < settings.maxRows() && coming > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    lock.wait(Math.max(1, left / 1_000_000));
                }
                GenerationOptions options = queue.peek().options();
                for (Iterator<Waiting> it = queue.iterator(); it.hasNext() && batch.size() < settings.maxRows(); ) {
                    Waiting w = it.next();
                    if (w.options().equals(options)) {
                        batch.add(w);
                        it.remove();
                    }
                }
            }
            run(batch);
        } catch (InterruptedException e) {
            // Interrupted while gathering: nothing was taken; this request leaves the queue and
            // fails, the others wait for the next leader.
            Thread.currentThread().interrupt();
            synchronized (lock) {
                queue.remove(mine);
            }
            mine.result().completeExceptionally(new IllegalStateException("interrupted while gathering a generation batch", e));
        } finally {
            synchronized (lock) {
                leading = false;
                lock.notifyAll();
            }
        }
    }

    /** One batch: every row gets its generation, or every row the error (a failed batch is one failure). */
    private void run(List<Waiting> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            List<Generation> out = batch.size() == 1
                    ? List.of(model.generate(batch.get(0).embeddings(), batch.get(0).options(), batch.get(0).listener()))
                    : model.generateAll(batch.stream().map(Waiting::embeddings).toList(), batch.get(0).options(),
                            batch.stream().map(Waiting::listener).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(out.get(i));
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(w -> w.result().completeExceptionally(e));
        }
    }
}
