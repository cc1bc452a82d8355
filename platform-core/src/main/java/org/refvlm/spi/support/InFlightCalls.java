package org.refvlm.spi.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a decoder's calls run side by side and makes freeing its tensors wait until the running ones
 * have finished. Withdrawing a service does not wait for the requests already inside it: a bundle
 * stopped, or a loader reconfigured, while a request decodes would otherwise free arrays that native
 * code is reading, which crashes the JVM instead of failing one request. After {@link #close}, a call
 * fails with an {@link IllegalStateException} that names the decoder, which the platform turns into
 * that decoder's spoiled references.
 *
 * <p>A call must not close its own guard (that would wait for itself): {@link #close} called from
 * inside {@link #call} frees at once, as it would have without the guard.
 */
public final class InFlightCalls {

    private static final Logger LOG = LoggerFactory.getLogger(InFlightCalls.class);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String what;
    // read: a call in flight; write: closing, alone
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;
    private boolean released; // guarded by this

    /** @param what the decoder, for messages: e.g. "decoder 'detr-box'" */
    public InFlightCalls(String what) {
        this.what = what;
    }

    /** Runs {@code body} unless closed; closing waits for it to return. */
    public <T> T call(Supplier<T> body) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException(what + " was closed: its service has been withdrawn");
            }
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Marks the guard closed (later calls fail), waits for the calls in flight (up to a minute, then
     * logs and goes on so that a stuck request cannot hold a bundle's stop forever), then runs
     * {@code release} once. Closing again does nothing.
     */
    public void close(Runnable release) {
        closed = true;
        boolean own = lock.getReadHoldCount() > 0;
        boolean locked = false;
        try {
            if (own) {
                LOG.warn("{} is closed from inside one of its own calls; freeing without waiting", what);
            } else {
                locked = lock.writeLock().tryLock(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                if (!locked) {
                    LOG.warn("{}: a call still runs after {} s; freeing its tensors anyway", what, PATIENCE.toSeconds());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{}: interrupted while waiting for its calls; freeing its tensors now", what);
        }
        try {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            release.run();
        } finally {
            if (locked) {
                lock.writeLock().unlock();
            }
        }
    }

    /** Whether {@link #close} has been called. */
    public boolean closed() {
        return closed;
    }
}
