package org.refvlm.core.internal.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.osgi.framework.ServiceReference;

/** Reads the decoder service properties, which may be a string, an array or a collection. */
final class ServiceProperties {

    private ServiceProperties() {
    }

    static List<String> strings(ServiceReference<?> ref, String key) {
        Object v = ref.getProperty(key);
        List<String> out = new ArrayList<>();
        if (v instanceof String s) {
            out.add(s);
        } else if (v instanceof String[] a) {
            out.addAll(List.of(a));
        } else if (v instanceof Collection<?> c) {
            c.forEach(o -> out.add(String.valueOf(o)));
        }
        out.replaceAll(String::trim);
        out.removeIf(String::isEmpty);
        return out;
    }
}
