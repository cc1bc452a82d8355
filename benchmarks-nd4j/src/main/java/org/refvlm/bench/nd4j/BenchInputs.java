package org.refvlm.bench.nd4j;

import java.util.Random;

/**
 * The numbers both engines start from. They are generated once as plain Java arrays so that DJL
 * and ND4J receive bit-identical inputs and weights; only then does comparing their outputs and
 * gradients say anything about equal work.
 */
public final class BenchInputs {

    /** Side of the square matrices in the matmul figure. */
    public final int n;
    /** Attention block shape: batch, sequence length, model width, heads. */
    public final int batch;
    public final int seqLen;
    public final int dim;
    public final int heads;

    /** Row-major n x n operands of the matmul figure. */
    public final float[] matA;
    public final float[] matB;

    /** Row-major [batch, seqLen, dim] input of the attention block. */
    public final float[] x;
    /** Row-major [dim, dim] projections, applied as x . W (input features on the rows). */
    public final float[] wq;
    public final float[] wk;
    public final float[] wv;
    public final float[] wo;

    public BenchInputs(int n, int batch, int seqLen, int dim, int heads, long seed) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("dim " + dim + " is not a multiple of heads " + heads);
        }
        this.n = n;
        this.batch = batch;
        this.seqLen = seqLen;
        this.dim = dim;
        this.heads = heads;
        Random random = new Random(seed);
        matA = gaussian(random, n * n, 1f);
        matB = gaussian(random, n * n, 1f);
        x = gaussian(random, batch * seqLen * dim, 1f);
        // 1/sqrt(dim) keeps activations of order one, so the softmax is neither one-hot nor flat
        // and the comparison exercises every path of its gradient.
        float scale = (float) (1.0 / Math.sqrt(dim));
        wq = gaussian(random, dim * dim, scale);
        wk = gaussian(random, dim * dim, scale);
        wv = gaussian(random, dim * dim, scale);
        wo = gaussian(random, dim * dim, scale);
    }

    public int headDim() {
        return dim / heads;
    }

    /** Multiply-adds of the whole block forward, counted as 2 FLOPs each. */
    public double blockForwardFlops() {
        double tokens = (double) batch * seqLen;
        double projections = 4 * 2 * tokens * dim * dim;
        double attention = 2 * 2 * (double) batch * seqLen * seqLen * dim;
        return projections + attention;
    }

    private static float[] gaussian(Random random, int size, float scale) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextGaussian() * scale;
        }
        return values;
    }
}
