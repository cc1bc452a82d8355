package org.refvlm.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.refvlm.training.internal.Seeds;

/**
 * Test fixture: a 2-layer MLP regressing a fixed random dataset. Initial weights and data come
 * from Java's SplittableRandom, so every test starts from the same values regardless of the
 * engine's generator.
 */
final class TinyMlp implements AutoCloseable {
    static final int IN = 4;
    static final int HIDDEN = 8;
    static final int N = 64;

    final NDManager manager;
    final Map<String, NDArray> params = new LinkedHashMap<>();
    final float[] x = new float[N * IN];
    final float[] y = new float[N];
    /** Dropout probability on the hidden layer; non-zero makes the loss depend on the engine generator. */
    final float dropout;

    TinyMlp(float dropout) {
        this.dropout = dropout;
        manager = NDManager.newBaseManager();
        SplittableRandom r = new SplittableRandom(1234);
        put("fc1.weight", new Shape(IN, HIDDEN), r, 0.5);
        put("fc1.bias", new Shape(HIDDEN), r, 0.1);
        put("fc2.weight", new Shape(HIDDEN, 1), r, 0.5);
        put("fc2.bias", new Shape(1), r, 0.1);
        SplittableRandom d = new SplittableRandom(99);
        for (int i = 0; i < N; i++) {
            double t = 0;
            for (int j = 0; j < IN; j++) {
                x[i * IN + j] = (float) d.nextDouble(-1, 1);
                t += (j + 1) * x[i * IN + j];
            }
            y[i] = (float) Math.sin(t);
        }
    }

    private void put(String name, Shape shape, SplittableRandom r, double scale) {
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        NDArray a = manager.create(v, shape);
        a.setName(name);
        a.setRequiresGradient(true);
        params.put(name, a);
    }

    /** Rows of full batch {@code step}: a pure function of seed and step. */
    int[] rows(long seed, long step, int size) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 7, step));
        int[] rows = new int[size];
        for (int i = 0; i < size; i++) {
            rows[i] = r.nextInt(N);
        }
        return rows;
    }

    record Batch(NDArray x, NDArray y) {
    }

    Batch batch(int[] rows, int from, int to, NDManager m) {
        float[] bx = new float[(to - from) * IN];
        float[] by = new float[to - from];
        for (int i = from; i < to; i++) {
            System.arraycopy(x, rows[i] * IN, bx, (i - from) * IN, IN);
            by[i - from] = y[rows[i]];
        }
        return new Batch(m.create(bx, new Shape(to - from, IN)), m.create(by, new Shape(to - from, 1)));
    }

    /** One full batch of {@code size} rows per micro-batch index. */
    BatchSource<Batch> fullBatches(int size) {
        return new BatchSource<>() {
            @Override
            public Batch batch(long seed, long index, NDManager m) {
                return TinyMlp.this.batch(rows(seed, index, size), 0, size, m);
            }

            @Override
            public long examples(Batch b) {
                return b.x().getShape().get(0);
            }
        };
    }

    /** Micro-batch 2s and 2s+1 are the two halves of full batch s. */
    BatchSource<Batch> halfBatches(int size) {
        return new BatchSource<>() {
            @Override
            public Batch batch(long seed, long index, NDManager m) {
                int[] rows = rows(seed, index / 2, size);
                int half = size / 2;
                return index % 2 == 0 ? TinyMlp.this.batch(rows, 0, half, m)
                        : TinyMlp.this.batch(rows, half, size, m);
            }

            @Override
            public long examples(Batch b) {
                return b.x().getShape().get(0);
            }
        };
    }

    /** Mean squared error of the MLP on the micro-batch. */
    NDArray loss(MicroBatch<Batch> mb) {
        Batch b = mb.data();
        NDArray h = b.x().matMul(params.get("fc1.weight")).add(params.get("fc1.bias"));
        h = h.maximum(0f);
        if (dropout > 0) {
            NDArray keep = mb.manager().randomUniform(0f, 1f, h.getShape()).gt(dropout).toType(h.getDataType(), false);
            h = h.mul(keep).div(1 - dropout);
        }
        NDArray pred = h.matMul(params.get("fc2.weight")).add(params.get("fc2.bias"));
        return pred.sub(b.y()).square().mean();
    }

    Map<String, float[]> snapshot() {
        Map<String, float[]> s = new LinkedHashMap<>();
        params.forEach((k, v) -> s.put(k, v.toFloatArray()));
        return s;
    }

    @Override
    public void close() {
        manager.close();
    }
}
