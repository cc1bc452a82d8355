package org.refvlm.trp;

import java.util.Objects;

/**
 * {@code [i]<REF>}: one target instance. The hidden state of the {@code <REF>} token becomes the
 * decoder query for that instance.
 *
 * @param index the {@code i} of {@code [i]}, or {@link #NO_INDEX} when the text had none
 * @param span from {@code [} (or from {@code <REF>} when there is no index) to the end of {@code <REF>}
 */
public record Reference(int index, Span span) implements TrpNode {

    /** The index of a {@code <REF>} written without {@code [i]} in front. */
    public static final int NO_INDEX = -1;

    public Reference {
        if (index < NO_INDEX) {
            throw new IllegalArgumentException("negative index " + index);
        }
        Objects.requireNonNull(span, "span");
    }

    public static Reference of(int index) {
        return new Reference(index, Span.NONE);
    }

    public boolean hasIndex() {
        return index != NO_INDEX;
    }
}
