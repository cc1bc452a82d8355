package org.refvlm.spi.support;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The one padding routine of the inference and training routers, and of decoders that take a
 * different number of slots than they were given: each sample's {@code <REF>} embeddings in
 * slot order, zero-padded to the decoder's query length, with the mask of the real slots.
 */
public final class QueryPadding {

    /**
     * @param queries [B, L, D]
     * @param mask    [B, L] boolean, true for real queries
     */
    public record Padded(NDArray queries, NDArray mask) {
    }

    private QueryPadding() {
    }

    /**
     * @param rows   per sample, its embeddings in slot order, each {@code [D]} (in any autograd graph,
     *               which the result stays in)
     * @param length query slots {@code L} per sample
     * @param width  embedding width {@code D}
     * @throws IllegalArgumentException naming the sample when it has more than {@code length}
     *                                  embeddings or one of another width
     */
    public static Padded pad(List<List<NDArray>> rows, int length, int width, NDManager manager) {
        int b = rows.size();
        boolean[] real = new boolean[b * length];                                     // [B, L]
        NDList samples = new NDList(b);
        for (int s = 0; s < b; s++) {
            List<NDArray> picked = rows.get(s);
            if (picked.size() > length) {
                throw new IllegalArgumentException("sample " + s + " has " + picked.size() + " references, more than the "
                        + length + " query slots");
            }
            for (int i = 0; i < picked.size(); i++) {
                if (picked.get(i).getShape().dimension() != 1 || picked.get(i).getShape().get(0) != width) {
                    throw new IllegalArgumentException("sample " + s + ", reference " + i + ": embedding "
                            + picked.get(i).getShape() + ", the decoder takes [" + width + "]");
                }
                real[s * length + i] = true;
            }
            NDArray zeros = manager.zeros(new Shape(length - picked.size(), width));  // [L - n, D]
            samples.add(picked.isEmpty() ? zeros
                    : picked.size() == length ? NDArrays.stack(new NDList(picked))
                    : NDArrays.stack(new NDList(picked)).concat(zeros.toType(picked.get(0).getDataType(), false), 0));
        }
        return new Padded(NDArrays.stack(samples), manager.create(real, new Shape(b, length)));
    }

    /**
     * Brings {@code [B, L_in, D]} queries to exactly {@code numQueries} slots: extra trailing slots
     * are dropped (only if all of them are padding, so no real query is lost silently), missing
     * ones are added as zero padding.
     *
     * @param mask [B, L_in] boolean
     */
    public static Padded fit(NDArray queries, NDArray mask, int numQueries) {
        long b = queries.getShape().get(0), l = queries.getShape().get(1), d = queries.getShape().get(2);
        if (l == numQueries) {
            return new Padded(queries, mask);
        }
        if (l > numQueries) {
            if (mask.get(new NDIndex(":, {}:", numQueries)).any().getBoolean()) {
                throw new IllegalArgumentException("real queries beyond slot " + numQueries
                        + ": this decoder takes at most " + numQueries + " queries per sample");
            }
            return new Padded(queries.get(new NDIndex(":, :{}", numQueries)), mask.get(new NDIndex(":, :{}", numQueries)));
        }
        NDArray padQueries = queries.getManager().zeros(new Shape(b, numQueries - l, d), queries.getDataType());
        NDArray padMask = mask.getManager().zeros(new Shape(b, numQueries - l), mask.getDataType());
        return new Padded(queries.concat(padQueries, 1), mask.concat(padMask, 1));
    }
}
