package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Brings the router's {@code [B, L_in, D]} queries to the decoder's own {@code numQueries} slots:
 * extra trailing slots are dropped (only if all of them are padding, so no real query is lost
 * silently), missing ones are added as zero padding.
 *
 * @param queries [B, numQueries, D]
 * @param mask    [B, numQueries] boolean
 */
public record QuerySlots(NDArray queries, NDArray mask) {

    public static QuerySlots fit(NDArray queries, NDArray mask, int numQueries) {
        long b = queries.getShape().get(0), l = queries.getShape().get(1), d = queries.getShape().get(2);
        if (l == numQueries) {
            return new QuerySlots(queries, mask);
        }
        if (l > numQueries) {
            NDArray dropped = mask.get(new NDIndex(":, {}:", numQueries));
            if (dropped.any().getBoolean()) {
                throw new IllegalArgumentException("real queries beyond slot " + numQueries
                        + ": this decoder takes at most " + numQueries + " queries per sample");
            }
            return new QuerySlots(queries.get(new NDIndex(":, :{}", numQueries)),
                    mask.get(new NDIndex(":, :{}", numQueries)));
        }
        NDArray padQueries = queries.getManager().zeros(new ai.djl.ndarray.types.Shape(b, numQueries - l, d),
                queries.getDataType());
        NDArray padMask = mask.getManager().zeros(new ai.djl.ndarray.types.Shape(b, numQueries - l), mask.getDataType());
        return new QuerySlots(queries.concat(padQueries, 1), mask.concat(padMask, 1));
    }
}
