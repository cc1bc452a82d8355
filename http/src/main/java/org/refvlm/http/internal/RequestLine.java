package org.refvlm.http.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many requests are answered at once: at most {@code concurrent}, with up to {@code queued}
 * more waiting; beyond that a request is refused at once (503) instead of piling up threads and
 * memory.
 */
final class RequestLine {

    private final Semaphore slots;
    private final int queued;
    private final AtomicInteger waiting = new AtomicInteger();

    RequestLine(int concurrent, int queued) {
        if (concurrent < 1 || queued < 0) {
            throw new IllegalArgumentException("concurrentRequests must be at least 1 and queuedRequests at least 0, got "
                    + concurrent + " and " + queued);
        }
        this.slots = new Semaphore(concurrent, true);
        this.queued = queued;
    }

    /** Runs {@code work} in a slot, waiting for one if the line is not full. */
    <T> T run(Callable<T> work) throws Exception {
        if (!slots.tryAcquire()) {
            if (waiting.incrementAndGet() > queued) {
                waiting.decrementAndGet();
                throw new ApiError(503, "the platform is busy: " + queued + " requests are already waiting; try again");
            }
            try {
                slots.acquire();
            } finally {
                waiting.decrementAndGet();
            }
        }
        try {
            return work.call();
        } finally {
            slots.release();
        }
    }
}
