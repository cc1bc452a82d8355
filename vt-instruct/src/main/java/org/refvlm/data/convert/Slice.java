package org.refvlm.data.convert;

import java.io.Serializable;

/**
 * The part of a conversion over a sequence of records (the refs of a RefCOCO pickle) which one call
 * converts: the {@code index}-th of {@code count} consecutive, near-equal slices. Slices converted one
 * after another write exactly the samples of one whole conversion, in its order. Problems not tied to a
 * record of the sequence belong to the first slice, so each is reported once.
 */
public record Slice(int index, int count) implements Serializable {
    /** The whole sequence. */
    public static final Slice ALL = new Slice(0, 1);

    public Slice {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("slice " + index + " of " + count + " does not exist");
        }
    }

    /** First record of the slice among {@code n}. */
    public int from(int n) {
        return (int) ((long) n * index / count);
    }

    /** The record after the slice's last among {@code n}. */
    public int to(int n) {
        return (int) ((long) n * (index + 1) / count);
    }

    public boolean first() {
        return index == 0;
    }
}
