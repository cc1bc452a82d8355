package org.refvlm.core.internal.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.refvlm.api.ActiveDecoder;
import org.refvlm.api.DecoderInfo;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.NoDecoderException;
import org.refvlm.spi.VisualUnitDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks every {@link VisualUnitDecoder} service as bundles come and go (whiteboard pattern) and
 * resolves units to decoders by pin, then ranking. Immediate, so its state lives as long as the
 * bundle and not only while someone holds the service.
 */
@Component(
        service = DecoderRegistry.class,
        immediate = true,
        configurationPid = PinStore.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DecoderRegistryConfig.class)
public final class DecoderRegistryComponent implements DecoderRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(DecoderRegistryComponent.class);

    /** Per unit, every decoder for it; a service registered for several units appears under each. */
    private final Map<String, List<RegisteredDecoder>> byUnit = new ConcurrentHashMap<>();
    private volatile Map<String, String> pins = Map.of();
    /**
     * The pins this component last saved while their configuration event has not come back yet, or
     * null. Configuration Admin delivers events after the fact, so an older event (the pin before
     * an unpin) can arrive after the newer change: until our own save comes back, other contents
     * are stale and ignored.
     */
    private Map<String, String> pendingSave;
    private volatile PinStore store;

    @Reference
    private ConfigurationAdmin configAdmin;

    @Activate
    void activate(DecoderRegistryConfig config) {
        store = new PinStore(configAdmin);
        modified(config);
    }

    @Modified
    synchronized void modified(DecoderRegistryConfig config) {
        Map<String, String> stored = Map.copyOf(PinStore.parse(config.pins()));
        if (pendingSave != null) {
            if (!stored.equals(pendingSave)) {
                LOG.debug("ignoring pins {} from configuration: an older state than the saved {}", stored, pendingSave);
                return;
            }
            pendingSave = null;
        }
        pins = stored;
    }

    @Reference(
            service = VisualUnitDecoder.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            unbind = "removeDecoder",
            updated = "updatedDecoder")
    void addDecoder(ServiceReference<VisualUnitDecoder> ref, VisualUnitDecoder decoder) {
        List<String> units = ServiceProperties.strings(ref, VisualUnitDecoder.UNIT);
        List<String> names = ServiceProperties.strings(ref, VisualUnitDecoder.DECODER);
        if (units.isEmpty() || names.isEmpty()) {
            LOG.warn("ignoring decoder service {} from bundle {}: it must have the properties {} and {}",
                    decoder.getClass().getName(), ref.getBundle().getSymbolicName(),
                    VisualUnitDecoder.UNIT, VisualUnitDecoder.DECODER);
            return;
        }
        for (String unit : units) {
            byUnit.compute(unit, (u, list) -> {
                List<RegisteredDecoder> l = list == null ? new ArrayList<>() : new ArrayList<>(list);
                l.add(RegisteredDecoder.of(unit, names.get(0), ref, decoder));
                l.sort(RegisteredDecoder::byPreference);
                return List.copyOf(l);
            });
            LOG.info("decoder '{}' for unit '{}' arrived from bundle {}", names.get(0), unit, ref.getBundle().getBundleId());
        }
    }

    void removeDecoder(ServiceReference<VisualUnitDecoder> ref) {
        for (String unit : List.copyOf(byUnit.keySet())) {
            byUnit.computeIfPresent(unit, (u, list) -> {
                List<RegisteredDecoder> l = new ArrayList<>(list);
                l.removeIf(d -> d.reference().equals(ref));
                return l.isEmpty() ? null : List.copyOf(l);
            });
        }
        LOG.info("decoder service {} left", ref.getProperty("service.id"));
    }

    /** Ranking changes take effect at once: re-sort on modification. */
    void updatedDecoder(ServiceReference<VisualUnitDecoder> ref, VisualUnitDecoder decoder) {
        removeDecoder(ref);
        addDecoder(ref, decoder);
    }

    private Optional<RegisteredDecoder> activeFor(String unit) {
        List<RegisteredDecoder> candidates = byUnit.getOrDefault(unit, List.of());
        String pinned = pins.get(unit);
        if (pinned != null) {
            for (RegisteredDecoder d : candidates) {
                if (d.name().equals(pinned)) {
                    return Optional.of(d);
                }
            }
        }
        return candidates.stream().findFirst();
    }

    @Override
    public List<DecoderInfo> decoders() {
        List<DecoderInfo> out = new ArrayList<>();
        for (String unit : new TreeSet<>(byUnit.keySet())) {
            Optional<RegisteredDecoder> active = activeFor(unit);
            List<RegisteredDecoder> list = new ArrayList<>(byUnit.getOrDefault(unit, List.of()));
            list.sort(Comparator.comparing((RegisteredDecoder d) -> !active.map(a -> a == d).orElse(false))
                    .thenComparing(RegisteredDecoder::byPreference));
            for (RegisteredDecoder d : list) {
                out.add(info(d, active.map(a -> a == d).orElse(false)));
            }
        }
        return out;
    }

    private DecoderInfo info(RegisteredDecoder d, boolean active) {
        Bundle b = d.bundle();
        return new DecoderInfo(d.unit(), d.name(),
                b == null ? -1 : b.getBundleId(),
                b == null ? "(gone)" : b.getSymbolicName(),
                b == null ? "UNINSTALLED" : BundleStates.name(b.getState()),
                d.ranking(), d.serviceId(), active, d.name().equals(pins.get(d.unit())));
    }

    @Override
    public Set<String> units() {
        return Set.copyOf(byUnit.keySet());
    }

    @Override
    public Optional<DecoderInfo> active(String unit) {
        return activeFor(unit).map(d -> info(d, true));
    }

    @Override
    public VisualUnitDecoder resolve(String unit) {
        return activeFor(unit).map(RegisteredDecoder::decoder)
                .orElseThrow(() -> new NoDecoderException(unit, byUnit.keySet()));
    }

    @Override
    public ActiveDecoder resolveActive(String unit) {
        RegisteredDecoder d = activeFor(unit).orElseThrow(() -> new NoDecoderException(unit, byUnit.keySet()));
        return new ActiveDecoder(info(d, true), d.decoder());
    }

    @Override
    public synchronized void pin(String unit, String decoder) {
        boolean known = byUnit.getOrDefault(unit, List.of()).stream().anyMatch(d -> d.name().equals(decoder));
        if (!known) {
            List<String> names = byUnit.getOrDefault(unit, List.of()).stream().map(RegisteredDecoder::name).toList();
            throw new IllegalArgumentException("no running decoder named '" + decoder + "' for unit '" + unit + "'"
                    + (names.isEmpty() ? " (no decoder handles that unit)" : " (running for it: " + String.join(", ", names) + ")"));
        }
        Map<String, String> next = new TreeMap<>(pins);
        next.put(unit, decoder);
        save(next);
        LOG.info("unit '{}' pinned to decoder '{}'", unit, decoder);
    }

    @Override
    public synchronized boolean unpin(String unit) {
        if (!pins.containsKey(unit)) {
            return false;
        }
        Map<String, String> next = new TreeMap<>(pins);
        next.remove(unit);
        save(next);
        LOG.info("unit '{}' unpinned", unit);
        return true;
    }

    /** Applies and persists new pins; called with this component's lock held. */
    private void save(Map<String, String> next) {
        Map<String, String> before = pendingSave;
        pins = Map.copyOf(next);
        pendingSave = pins;
        boolean changed = false;
        try {
            changed = store.save(next);
        } finally {
            if (!changed) {
                pendingSave = before;  // nothing changed in Configuration Admin, so no event will come back
            }
        }
    }

    @Override
    public Map<String, String> pins() {
        return new TreeMap<>(pins);
    }
}
