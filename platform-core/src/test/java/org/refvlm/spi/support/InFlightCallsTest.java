package org.refvlm.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Freeing waits for the calls in flight; calls after closing fail by name; nothing waits for itself. */
class InFlightCallsTest {

    @Test
    void closingWaitsForTheRunningCallBeforeItReleases() throws Exception {
        InFlightCalls calls = new InFlightCalls("decoder 'x'");
        CountDownLatch inside = new CountDownLatch(1), finish = new CountDownLatch(1);
        AtomicBoolean releasedWhileRunning = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean();
        Thread caller = new Thread(() -> calls.call(() -> {
            running.set(true);
            inside.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.set(false);
            return null;
        }));
        caller.start();
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        Thread closer = new Thread(() -> calls.close(() -> releasedWhileRunning.set(running.get())));
        closer.start();
        // the closer marks the guard closed at once, then waits while the call runs
        for (int i = 0; i < 1000 && !calls.closed(); i++) {
            Thread.sleep(10);
        }
        assertThat(calls.closed()).isTrue();
        closer.join(100);
        assertThat(closer.isAlive()).isTrue();
        finish.countDown();
        closer.join(10_000);
        caller.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(releasedWhileRunning.get()).isFalse();
    }

    @Test
    void aCallAfterClosingFailsAndNamesTheDecoder() {
        InFlightCalls calls = new InFlightCalls("decoder 'beta-box'");
        AtomicInteger released = new AtomicInteger();
        calls.close(released::incrementAndGet);
        calls.close(released::incrementAndGet);
        assertThat(released.get()).isEqualTo(1);
        assertThatThrownBy(() -> calls.call(() -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("decoder 'beta-box' was closed");
    }

    @Test
    void aCallThatClosesItsOwnGuardDoesNotWaitForItself() {
        InFlightCalls calls = new InFlightCalls("decoder 'self'");
        AtomicInteger released = new AtomicInteger();
        int result = calls.call(() -> {
            calls.close(released::incrementAndGet);
            return 7;
        });
        assertThat(result).isEqualTo(7);
        assertThat(released.get()).isEqualTo(1);
    }
}
