package org.refvlm.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RequestLineTest {

    @Test
    void runsAtMostTheConcurrentNumberAndRefusesBeyondTheQueue() throws Exception {
        RequestLine line = new RequestLine(2, 1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?>[] held = new Future<?>[3];
            for (int i = 0; i < 3; i++) {
                held[i] = pool.submit(() -> line.run(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    release.await();
                    running.decrementAndGet();
                    return null;
                }));
            }
            // two run, one waits: the fourth finds the line full
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (running.get() < 2 && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            Thread.sleep(50);
            assertThatThrownBy(() -> line.run(() -> null)).isInstanceOfSatisfying(ApiError.class,
                    e -> assertThat(e.status()).isEqualTo(503));
            release.countDown();
            for (Future<?> f : held) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(most.get()).isEqualTo(2);
            assertThat(line.run(() -> "free again")).isEqualTo("free again");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingRequestGivesItsSlotBack() throws Exception {
        RequestLine line = new RequestLine(1, 0);
        assertThatThrownBy(() -> line.run(() -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(line.run(() -> 1)).isEqualTo(1);
    }

    @Test
    void limitsAreChecked() {
        assertThatThrownBy(() -> new RequestLine(0, 1)).hasMessageContaining("concurrentRequests must be at least 1");
    }
}
