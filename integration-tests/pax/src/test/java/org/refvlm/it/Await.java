package org.refvlm.it;

import java.util.function.BooleanSupplier;

/** Polls a condition that the framework makes true asynchronously (bundle events, file polling). */
final class Await {

    private Await() {
    }

    static void until(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
