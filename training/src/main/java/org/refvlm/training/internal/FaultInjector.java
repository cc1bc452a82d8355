package org.refvlm.training.internal;

/**
 * Hook called at each {@link CrashPoint}; a test throws an {@link Error} from it to simulate a
 * kill. Errors are deliberately not cleaned up after (a killed process cleans nothing), whereas
 * ordinary I/O failures are.
 */
@FunctionalInterface
public interface FaultInjector {
    FaultInjector NONE = point -> { };

    void at(CrashPoint point);
}
