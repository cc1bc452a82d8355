package org.refvlm.trainer.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts per reason, in the order the reasons first occurred. */
public final class Tally {

    private final Map<String, Integer> counts = new LinkedHashMap<>();

    public void add(String reason) {
        counts.merge(reason, 1, Integer::sum);
    }

    public void addAll(Map<String, Integer> other) {
        other.forEach((k, v) -> counts.merge(k, v, Integer::sum));
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** An unmodifiable copy. */
    public Map<String, Integer> snapshot() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }
}
