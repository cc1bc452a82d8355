package org.refvlm.core.internal.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Keeps administrator pins in Configuration Admin under {@link #PID}, as {@code pins} entries
 * of the form {@code unit=decoder}, so they survive restarts and can be edited as configuration.
 */
final class PinStore {

    static final String PID = "org.refvlm.decoders";
    static final String PINS = "pins";

    private final ConfigurationAdmin configAdmin;

    PinStore(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    static Map<String, String> parse(String[] entries) {
        Map<String, String> pins = new TreeMap<>();
        if (entries != null) {
            for (String e : entries) {
                int eq = e.indexOf('=');
                if (eq > 0 && eq < e.length() - 1) {
                    pins.put(e.substring(0, eq).trim(), e.substring(eq + 1).trim());
                }
            }
        }
        return pins;
    }

    /** @return whether the stored configuration changed (only then does a configuration event follow) */
    boolean save(Map<String, String> pins) {
        try {
            Configuration c = configAdmin.getConfiguration(PID, "?");
            Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
            props.put(PINS, pins.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new));
            return c.updateIfDifferent(props);
        } catch (IOException e) {
            throw new UncheckedIOException("could not persist decoder pins in configuration " + PID, e);
        }
    }
}
