package org.refvlm.trainer.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.refvlm.api.DecoderInfo;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.NoDecoderException;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.VisualUnitDecoder;

/**
 * The decoders a training run owns, one per unit, seen through the registry interface so the
 * platform's {@link org.refvlm.core.router.TrainingRouter} routes to them exactly as it routes to
 * installed decoders. They are not services: pinning makes no sense here.
 */
final class TrainedDecoders implements DecoderRegistry {

    /** A decoder of the run with its kind (which bundle's loader will serve it). */
    record Entry(String unit, String kind, TrainableDecoder decoder, long id) {
    }

    private final Map<String, Entry> byUnit = new LinkedHashMap<>();

    void add(String unit, String kind, TrainableDecoder decoder) {
        if (byUnit.putIfAbsent(unit, new Entry(unit, kind, decoder, byUnit.size())) != null) {
            throw new IllegalArgumentException("two decoders for unit '" + unit + "'");
        }
    }

    List<Entry> entries() {
        return new ArrayList<>(byUnit.values());
    }

    @Override
    public List<DecoderInfo> decoders() {
        List<DecoderInfo> out = new ArrayList<>();
        for (Entry e : byUnit.values()) {
            out.add(info(e));
        }
        return out;
    }

    private static DecoderInfo info(Entry e) {
        return new DecoderInfo(e.unit(), e.kind(), -1, "trainer", "TRAINING", 0, e.id(), true, false);
    }

    @Override
    public Set<String> units() {
        return byUnit.keySet();
    }

    @Override
    public Optional<DecoderInfo> active(String unit) {
        return Optional.ofNullable(byUnit.get(unit)).map(TrainedDecoders::info);
    }

    @Override
    public VisualUnitDecoder resolve(String unit) {
        Entry e = byUnit.get(unit);
        if (e == null) {
            throw new NoDecoderException(unit, byUnit.keySet());
        }
        return e.decoder();
    }

    @Override
    public void pin(String unit, String decoder) {
        throw new UnsupportedOperationException("a training run's decoders cannot be pinned");
    }

    @Override
    public boolean unpin(String unit) {
        return false;
    }

    @Override
    public Map<String, String> pins() {
        return Map.of();
    }
}
