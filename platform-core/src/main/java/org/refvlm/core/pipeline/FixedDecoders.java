package org.refvlm.core.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.refvlm.api.ActiveDecoder;
import org.refvlm.api.DecoderInfo;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.NoDecoderException;
import org.refvlm.spi.VisualUnitDecoder;

/**
 * A registry of decoders loaded by hand, one per unit, outside the service registry: what a
 * request pipeline on a model folder needs when that model is not the platform's served one (the
 * self-test runs the default model on two devices side by side). Each unit's decoder is named
 * {@code <unit>-decoder} and has an id of its own (the router batches references by id). Nothing
 * can be pinned.
 */
public final class FixedDecoders implements DecoderRegistry {

    private final Map<String, VisualUnitDecoder> byUnit;
    private final List<String> units;

    public FixedDecoders(Map<String, VisualUnitDecoder> byUnit) {
        this.byUnit = Map.copyOf(byUnit);
        this.units = byUnit.keySet().stream().sorted().toList();
    }

    @Override
    public List<DecoderInfo> decoders() {
        List<DecoderInfo> out = new ArrayList<>();
        units.forEach(u -> out.add(info(u)));
        return out;
    }

    private DecoderInfo info(String unit) {
        return new DecoderInfo(unit, unit + "-decoder", -1, "(loaded by hand)", "ACTIVE", 0, units.indexOf(unit), true,
                false);
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
    public ActiveDecoder resolveActive(String unit) {
        return new ActiveDecoder(active(unit).orElseThrow(() -> new NoDecoderException(unit, byUnit.keySet())),
                resolve(unit));
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
