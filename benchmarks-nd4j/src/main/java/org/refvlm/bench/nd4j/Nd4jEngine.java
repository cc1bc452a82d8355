package org.refvlm.bench.nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Properties;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The same operations on ND4J. The matmul is an eager INDArray call; the attention block is a
 * SameDiff graph, because SameDiff is ND4J's only automatic differentiation, and the forward is
 * timed through the same graph so forward and forward plus backward are measured alike.
 */
public final class Nd4jEngine implements EngineUnderTest {

    private static final String[] WEIGHTS = {"wq", "wk", "wv", "wo"};

    private final INDArray a;
    private final INDArray b;
    private final SameDiff graph;
    private final Map<String, INDArray> feed;

    public Nd4jEngine(BenchInputs in, int threads) {
        // OpenMP (ND4J's own ops) and OpenBLAS (its GEMM) each keep their own thread count.
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        a = Nd4j.create(in.matA, new long[] {in.n, in.n}, DataType.FLOAT);
        b = Nd4j.create(in.matB, new long[] {in.n, in.n}, DataType.FLOAT);
        graph = buildBlock(in);
        buildGradientsQuietly(graph);
        feed = Map.of("x", Nd4j.create(in.x, new long[] {in.batch, in.seqLen, in.dim}, DataType.FLOAT));
    }

    /** Multi-head self-attention with an output projection and a residual, as in DjlEngine. */
    private static SameDiff buildBlock(BenchInputs in) {
        long batch = in.batch;
        long len = in.seqLen;
        long dim = in.dim;
        long heads = in.heads;
        long hd = in.headDim();
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, batch, len, dim);
        SDVariable wq = sd.var("wq", weight(in.wq, dim));
        SDVariable wk = sd.var("wk", weight(in.wk, dim));
        SDVariable wv = sd.var("wv", weight(in.wv, dim));
        SDVariable wo = sd.var("wo", weight(in.wo, dim));
        // ND4J's mmul wants equal ranks, so the projections run on [batch*len, dim].
        SDVariable rows = x.reshape(batch * len, dim);
        SDVariable q = split(rows.mmul(wq), batch, len, heads, hd);
        SDVariable k = split(rows.mmul(wk), batch, len, heads, hd);
        SDVariable v = split(rows.mmul(wv), batch, len, heads, hd);
        SDVariable scores = sd.mmul(q, k, false, true, false).mul(1.0 / Math.sqrt(hd));
        SDVariable context = sd.mmul(sd.nn().softmax(scores, -1), v)
                .permute(0, 2, 1, 3)
                .reshape(batch * len, dim);
        SDVariable out = context.mmul(wo).add(rows).reshape(batch, len, dim);
        out.rename("out");
        sd.sum("loss", out);
        sd.setLossVariables("loss");
        return sd;
    }

    /**
     * Builds the backward graph now rather than inside the first timed call. SameDiff writes a
     * line per differentiated op to System.out while doing so; that is library noise in the
     * benchmark's report, so standard output is parked for the duration.
     */
    private static void buildGradientsQuietly(SameDiff sd) {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            sd.createGradFunction();
        } finally {
            System.setOut(out);
        }
    }

    /** [batch*len, dim] to [batch, heads, len, headDim]. */
    private static SDVariable split(SDVariable t, long batch, long len, long heads, long hd) {
        return t.reshape(batch, len, heads, hd).permute(0, 2, 1, 3);
    }

    private static INDArray weight(float[] values, long dim) {
        return Nd4j.create(values, new long[] {dim, dim}, DataType.FLOAT);
    }

    @Override
    public String name() {
        return "ND4J";
    }

    @Override
    public String describe() {
        return "ND4J " + nd4jVersion() + " (" + Nd4j.getBackend().getClass().getSimpleName()
                + "), OpenMP threads " + Nd4j.getEnvironment().maxThreads()
                + ", BLAS threads " + Nd4j.factory().blas().getMaxThreads();
    }

    @Override
    public float[] matmulOnce() {
        return flat(a.mmul(b));
    }

    @Override
    public BlockResult blockOnce() {
        float[] output = flat(graph.output(feed, "out").get("out"));
        Map<String, INDArray> grads = graph.calculateGradients(feed, WEIGHTS);
        return new BlockResult(output,
                flat(grads.get("wq")), flat(grads.get("wk")),
                flat(grads.get("wv")), flat(grads.get("wo")));
    }

    @Override
    public void matmul() {
        a.mmul(b);
    }

    @Override
    public void blockForward() {
        graph.output(feed, "out");
    }

    @Override
    public void blockForwardBackward() {
        graph.calculateGradients(feed, WEIGHTS);
    }

    /** Row-major values of any array; toFloatVector alone accepts only vectors. */
    private static float[] flat(INDArray array) {
        return array.dup('c').reshape(array.length()).toFloatVector();
    }

    /** The version of the nd4j-api jar on the class path, read from its Maven metadata. */
    private static String nd4jVersion() {
        try (InputStream props = Nd4j.class.getResourceAsStream(
                "/META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
            if (props == null) {
                return "(version unknown)";
            }
            Properties p = new Properties();
            p.load(props);
            return p.getProperty("version", "(version unknown)");
        } catch (IOException e) {
            return "(version unknown)";
        }
    }

    @Override
    public void close() {
        // ND4J arrays are freed by its garbage-collector-driven deallocator; nothing to release.
    }
}
