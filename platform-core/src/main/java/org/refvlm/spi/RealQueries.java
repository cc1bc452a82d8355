package org.refvlm.spi;

import java.util.ArrayList;
import java.util.List;
import org.refvlm.api.DecodedUnit;

/**
 * The real (non-padding) query slots of a batch, read from its mask once: how a decoder walks
 * its queries to give one result per real query, in order.
 */
public final class RealQueries {

    /** Decodes the query in slot {@code slot} of sample {@code sample}. */
    @FunctionalInterface
    public interface QueryDecoding {
        DecodedUnit decode(int sample, int slot);
    }

    private final int[][] slots;  // per sample, its real slots in order
    private final int length;

    private RealQueries(int[][] slots, int length) {
        this.slots = slots;
        this.length = length;
    }

    /**
     * @param real [B * L] row-major query mask
     */
    public static RealQueries of(boolean[] real, int batch, int length) {
        if (real.length != batch * length) {
            throw new IllegalArgumentException("mask of " + real.length + " entries for " + batch + " x " + length);
        }
        int[][] slots = new int[batch][];
        for (int b = 0; b < batch; b++) {
            int n = 0;
            for (int i = 0; i < length; i++) {
                n += real[b * length + i] ? 1 : 0;
            }
            slots[b] = new int[n];
            int k = 0;
            for (int i = 0; i < length; i++) {
                if (real[b * length + i]) {
                    slots[b][k++] = i;
                }
            }
        }
        return new RealQueries(slots, length);
    }

    /** The real slots of sample {@code b}, in order. */
    public int[] slots(int b) {
        return slots[b].clone();
    }

    /** How many real queries sample {@code b} has. */
    public int count(int b) {
        return slots[b].length;
    }

    /** Whether slot {@code slot} of sample {@code b} is real. */
    public boolean isReal(int b, int slot) {
        for (int s : slots[b]) {
            if (s == slot) {
                return true;
            }
        }
        return false;
    }

    /** The row of {@code (b, slot)} in the flattened {@code [B * L]} queries. */
    public long row(int b, int slot) {
        return (long) b * length + slot;
    }

    /** One result per real query, per sample, in query order: what {@link VisualUnitDecoder#decode} returns. */
    public List<List<DecodedUnit>> decodeEach(QueryDecoding decoding) {
        List<List<DecodedUnit>> out = new ArrayList<>(slots.length);
        for (int b = 0; b < slots.length; b++) {
            List<DecodedUnit> sample = new ArrayList<>(slots[b].length);
            for (int slot : slots[b]) {
                sample.add(decoding.decode(b, slot));
            }
            out.add(List.copyOf(sample));
        }
        return List.copyOf(out);
    }
}
