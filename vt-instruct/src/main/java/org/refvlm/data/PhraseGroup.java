package org.refvlm.data;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One phrase of an answer and the targets behind its {@code <REF>}s. For a composite unit
 * ({@code <Unit>box, keypoint</Unit>}) every unit has its own index list, all of the same length: the j-th
 * {@code <REF>} of the group stands for {@code refs.get(unit).get(j)} of each unit.
 */
public record PhraseGroup(String phrase, List<Unit> units, Map<Unit, List<Integer>> refs) {
    public PhraseGroup {
        Objects.requireNonNull(phrase, "phrase");
        units = List.copyOf(units);
        // keep the declared unit order: TRP writes units in this order and the map must agree with it
        java.util.LinkedHashMap<Unit, List<Integer>> copy = new java.util.LinkedHashMap<>();
        for (Unit u : units) {
            List<Integer> l = refs.get(u);
            if (l == null) {
                throw new IllegalArgumentException("phrase '" + phrase + "' declares unit " + u.word() + " without refs");
            }
            copy.put(u, List.copyOf(l));
        }
        if (refs.size() != units.size()) {
            throw new IllegalArgumentException("phrase '" + phrase + "' has refs for undeclared units");
        }
        refs = java.util.Collections.unmodifiableMap(copy);
    }

    /** A group with a single unit. */
    public static PhraseGroup of(String phrase, Unit unit, List<Integer> indices) {
        return new PhraseGroup(phrase, List.of(unit), Map.of(unit, indices));
    }

    /** Number of {@code <REF>} tokens written for this phrase. */
    public int refCount() {
        return units.isEmpty() ? 0 : refs.get(units.get(0)).size();
    }
}
