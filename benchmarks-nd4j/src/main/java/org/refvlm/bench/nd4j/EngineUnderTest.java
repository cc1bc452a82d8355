package org.refvlm.bench.nd4j;

/**
 * One tensor library running the benchmark's operations on the same {@link BenchInputs}. The
 * "once" methods return numbers for the equality check; the others are the timed work and
 * return nothing, so the timing does not include copying results back into Java.
 */
public interface EngineUnderTest extends AutoCloseable {

    String name();

    /** Library version and the thread settings in force, for the report. */
    String describe();

    float[] matmulOnce();

    /** Forward output, then forward plus backward, each from a fresh start. */
    BlockResult blockOnce();

    void matmul();

    void blockForward();

    void blockForwardBackward();

    @Override
    void close();
}
