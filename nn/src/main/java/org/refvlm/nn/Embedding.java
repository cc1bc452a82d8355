package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A learned table {@code <prefix>.weight [rows, width]}, drawn from N(0, 1) as
 * {@code nn.Embedding} is: token embeddings, or one learned position per query slot.
 */
public final class Embedding {

    private final Parameters params;
    private final String weight;
    private final long rows;

    public Embedding(Parameters params, String prefix, long rows, long width) {
        this.params = params;
        this.weight = Parameters.join(prefix, "weight");
        this.rows = rows;
        params.declare(weight, new Shape(rows, width), Init.normal(1));
    }

    /** The whole table {@code [rows, width]}. */
    public NDArray table() {
        return params.get(weight);
    }

    /**
     * The first {@code count} rows {@code [count, width]}, in the manager of {@code activation}
     * (the table itself when all rows are asked for).
     */
    public NDArray first(int count, NDArray activation) {
        if (count > rows) {
            throw new IllegalArgumentException(count + " rows asked of a table of " + rows);
        }
        NDArray table = params.get(weight);
        return count == rows ? table : Constants.alongside(activation, table.get(new NDIndex(":{}", count)));
    }

    /** ids [...] (integers) -> [..., width], in the manager of {@code ids} (the table is the first operand). */
    public NDArray lookup(NDArray ids) {
        NDArray table = params.get(weight);
        return Constants.alongside(ids, table.get(ids.toType(DataType.INT64, false)));
    }
}
