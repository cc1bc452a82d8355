package org.refvlm.bench.nd4j;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * The operations on DJL's PyTorch engine, written the way the platform's own modules use it:
 * eager NDArray calls, autograd through {@link GradientCollector}.
 */
public final class DjlEngine implements EngineUnderTest {

    private final BenchInputs in;
    private final Engine engine;
    private final NDManager manager;
    private final NDArray a;
    private final NDArray b;
    private final NDArray x;
    private final NDArray wq;
    private final NDArray wk;
    private final NDArray wv;
    private final NDArray wo;

    public DjlEngine(BenchInputs in, int threads) {
        this.in = in;
        this.engine = Engine.getEngine("PyTorch");
        // Set explicitly so both libraries use the same number of threads on a shared machine.
        JniUtils.setNumThreads(threads);
        this.manager = engine.newBaseManager();
        long d = in.dim;
        a = manager.create(in.matA, new Shape(in.n, in.n));
        b = manager.create(in.matB, new Shape(in.n, in.n));
        x = manager.create(in.x, new Shape(in.batch, in.seqLen, d));
        wq = manager.create(in.wq, new Shape(d, d));
        wk = manager.create(in.wk, new Shape(d, d));
        wv = manager.create(in.wv, new Shape(d, d));
        wo = manager.create(in.wo, new Shape(d, d));
        for (NDArray w : new NDArray[] {wq, wk, wv, wo}) {
            w.setRequiresGradient(true);
        }
    }

    @Override
    public String name() {
        return "DJL";
    }

    @Override
    public String describe() {
        return "DJL " + engine.getEngineName() + " " + Engine.getDjlVersion() + " (libtorch "
                + engine.getVersion() + "), intra-op threads " + JniUtils.getNumThreads()
                + ", inter-op threads " + JniUtils.getNumInteropThreads();
    }

    @Override
    public float[] matmulOnce() {
        try (NDScope scope = new NDScope()) {
            return a.matMul(b).toFloatArray();
        }
    }

    @Override
    public BlockResult blockOnce() {
        float[] output;
        try (NDScope scope = new NDScope()) {
            output = forward().toFloatArray();
        }
        try (NDScope scope = new NDScope()) {
            forwardBackward();
            return new BlockResult(output, grad(wq), grad(wk), grad(wv), grad(wo));
        }
    }

    @Override
    public void matmul() {
        // PyTorch on CPU runs eagerly on the calling thread, so the op has finished when matMul returns.
        try (NDScope scope = new NDScope()) {
            a.matMul(b);
        }
    }

    @Override
    public void blockForward() {
        try (NDScope scope = new NDScope()) {
            forward();
        }
    }

    @Override
    public void blockForwardBackward() {
        try (NDScope scope = new NDScope()) {
            forwardBackward();
        }
    }

    private void forwardBackward() {
        // PyTorch accumulates into .grad; a training step clears it first, and so does this one.
        for (NDArray w : new NDArray[] {wq, wk, wv, wo}) {
            NDArray g = w.getGradient();
            g.subi(g);
        }
        try (GradientCollector collector = engine.newGradientCollector()) {
            collector.backward(forward().sum());
        }
    }

    /** Multi-head self-attention with an output projection and a residual connection. */
    private NDArray forward() {
        int batch = in.batch;
        int len = in.seqLen;
        int heads = in.heads;
        int hd = in.headDim();
        NDArray q = split(x.matMul(wq), batch, len, heads, hd);
        NDArray k = split(x.matMul(wk), batch, len, heads, hd);
        NDArray v = split(x.matMul(wv), batch, len, heads, hd);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(hd));
        NDArray context = scores.softmax(-1).matMul(v)
                .transpose(0, 2, 1, 3)
                .reshape(batch, len, in.dim);
        return context.matMul(wo).add(x);
    }

    /** [batch, len, dim] to [batch, heads, len, headDim]. */
    private static NDArray split(NDArray t, int batch, int len, int heads, int hd) {
        return t.reshape(batch, len, heads, hd).transpose(0, 2, 1, 3);
    }

    private static float[] grad(NDArray w) {
        return w.getGradient().toFloatArray();
    }

    @Override
    public void close() {
        manager.close();
    }
}
