package org.refvlm.trainer.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.refvlm.spi.TrainableDecoder;

/**
 * The decoders a training run owns, one per unit, in the order the recipe names them; the
 * {@link TrainingRouter} hands each its share of the batch. They are not services: pinning makes
 * no sense here.
 */
final class TrainedDecoders {

    /** A decoder of the run with its kind (which bundle's loader will serve it). */
    record Entry(String unit, String kind, TrainableDecoder decoder) {
    }

    private final Map<String, Entry> byUnit = new LinkedHashMap<>();

    void add(String unit, String kind, TrainableDecoder decoder) {
        if (byUnit.putIfAbsent(unit, new Entry(unit, kind, decoder)) != null) {
            throw new IllegalArgumentException("two decoders for unit '" + unit + "'");
        }
    }

    List<Entry> entries() {
        return new ArrayList<>(byUnit.values());
    }

    Set<String> units() {
        return byUnit.keySet();
    }
}
