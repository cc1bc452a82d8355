package org.refvlm.data.convert;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The part of a conversion that groups its records by a numeric key (COCO: image id, VQAv2: question id)
 * which one call converts: the keys whose place in the order the groups are converted in lies in
 * [{@code from}, {@code to}). That order does not depend on the file's record order, so parts made by
 * {@link #split} and converted one after another write exactly the samples of one whole conversion, in
 * its order; that is what lets a conversion run as several tasks (refvlm-spark).
 *
 * <p>Problems not tied to a key (a category without a name, an annotation without an image id) belong
 * to the first range, so each is reported once and, as in a whole conversion, before the problems of the
 * groups.
 *
 * @param from the first key of the range in conversion order; null: from the beginning
 * @param to   the first key after the range; null: to the end
 */
public record KeyRange(Long from, Long to) implements Serializable {
    /** Every key: a whole conversion. */
    public static final KeyRange ALL = new KeyRange(null, null);

    public boolean contains(long key) {
        return (from == null || BucketSpill.compare(key, from) >= 0) && (to == null || BucketSpill.compare(key, to) < 0);
    }

    /** Whether this range owns the problems that belong to no key. */
    public boolean first() {
        return from == null;
    }

    /**
     * Cuts the conversion order into at most {@code parts} consecutive ranges holding about as many of
     * {@code keys} each (duplicates count once), none of them empty of keys; together they cover every
     * key, also keys not in {@code keys} (an annotation of an image the images list lacks).
     */
    public static List<KeyRange> split(long[] keys, int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be at least 1, got " + parts);
        }
        Long[] order = Arrays.stream(keys).distinct().boxed().toArray(Long[]::new);
        Arrays.sort(order, (a, b) -> BucketSpill.compare(a, b));
        int n = Math.max(1, Math.min(parts, order.length));
        List<KeyRange> ranges = new ArrayList<>(n);
        Long from = null;
        for (int i = 1; i <= n; i++) {
            Long to = i == n ? null : order[(int) ((long) order.length * i / n)];
            ranges.add(new KeyRange(from, to));
            from = to;
        }
        return ranges;
    }
}
