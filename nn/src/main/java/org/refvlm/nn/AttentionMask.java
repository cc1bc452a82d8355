package org.refvlm.nn;

import ai.djl.ndarray.NDArray;

/**
 * What attention may look at, in one contract for every attention layer:
 * <ul>
 * <li>{@code keyPadding} {@code [B, Lk]} boolean, true for real keys: padded keys get
 * {@link #MASKED} added to their scores, so they receive exactly zero weight next to any real key;
 * </li>
 * <li>{@code bias} broadcastable to {@code [B, heads, Lq, Lk]}: added to the scaled scores before
 * the softmax (a grounding map, a log-probability mask, a relative position term).</li>
 * </ul>
 * Either may be null. The padding term is added first, then the bias.
 */
public record AttentionMask(NDArray keyPadding, NDArray bias) {

    /**
     * A masked key's score. Finite, not -infinity: a query whose keys are all padding (a sample
     * without real queries) then gets uniform weights instead of NaN, and {@code exp} of it
     * underflows to exactly 0 in float32 next to any real key, gradient included.
     */
    public static final float MASKED = -1e9f;

    /** Nothing masked, no bias. */
    public static final AttentionMask NONE = new AttentionMask(null, null);

    /** Only padded keys masked. */
    public static AttentionMask keys(NDArray keyPadding) {
        return new AttentionMask(keyPadding, null);
    }

    /** Only an additive bias. */
    public static AttentionMask bias(NDArray bias) {
        return new AttentionMask(null, bias);
    }

    /** The same padding with {@code bias} added. */
    public AttentionMask withBias(NDArray bias) {
        return new AttentionMask(keyPadding, bias);
    }

    /**
     * The scores with both terms added.
     *
     * @param scores [B, h, Lq, Lk]
     */
    public NDArray apply(NDArray scores) {
        NDArray out = scores;
        if (keyPadding != null) {
            long b = keyPadding.getShape().get(0), lk = keyPadding.getShape().get(1);
            NDArray real = keyPadding.toType(scores.getDataType(), false);                // [B, Lk]
            out = out.add(Scalars.mul(real.sub(1f), -MASKED).reshape(b, 1, 1, lk));       // 0 or MASKED
        }
        if (bias != null) {
            out = out.add(bias);
        }
        return out;
    }

    static void checkPadding(NDArray keyPadding, long batch, long keys) {
        if (keyPadding != null && (keyPadding.getShape().dimension() != 2 || keyPadding.getShape().get(0) != batch
                || keyPadding.getShape().get(1) != keys)) {
            throw new IllegalArgumentException("key padding must be [" + batch + ", " + keys + "], got "
                    + keyPadding.getShape());
        }
    }
}
