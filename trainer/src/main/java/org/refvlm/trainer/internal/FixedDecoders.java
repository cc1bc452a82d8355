package org.refvlm.trainer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.refvlm.api.DecoderInfo;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.NoDecoderException;
import org.refvlm.spi.VisualUnitDecoder;

/**
 * A registry of decoders loaded by hand, one per unit, outside the service registry: what a
 * request pipeline on a model folder needs when that model is not the platform's served one (the
 * self-test runs the default model on two devices side by side). Nothing can be pinned.
 */
final class FixedDecoders implements DecoderRegistry {

    private final Map<String, VisualUnitDecoder> byUnit;

    FixedDecoders(Map<String, VisualUnitDecoder> byUnit) {
        this.byUnit = Map.copyOf(byUnit);
    }

    @Override
    public List<DecoderInfo> decoders() {
        List<DecoderInfo> out = new ArrayList<>();
        byUnit.keySet().stream().sorted().forEach(u -> out.add(info(u)));
        return out;
    }

    private DecoderInfo info(String unit) {
        return new DecoderInfo(unit, unit, -1, "(loaded by hand)", "ACTIVE", 0, -1, true, false);
    }

    @Override
    public Set<String> units() {
        return byUnit.keySet();
    }

    @Override
    public Optional<DecoderInfo> active(String unit) {
        return byUnit.containsKey(unit) ? Optional.of(info(unit)) : Optional.empty();
    }

    @Override
    public VisualUnitDecoder resolve(String unit) {
        VisualUnitDecoder d = byUnit.get(unit);
        if (d == null) {
            throw new NoDecoderException(unit, byUnit.keySet());
        }
        return d;
    }

    @Override
    public void pin(String unit, String decoder) {
        throw new UnsupportedOperationException("decoders loaded by hand cannot be pinned");
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
