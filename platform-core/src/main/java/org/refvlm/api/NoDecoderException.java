package org.refvlm.api;

import java.util.Collection;
import java.util.TreeSet;

/** Asked for a unit that no running decoder bundle handles. */
public final class NoDecoderException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String unit;

    public NoDecoderException(String unit, Collection<String> installedUnits) {
        super("no decoder installed for unit '" + unit + "'"
                + (installedUnits.isEmpty() ? " (no decoder is installed at all)"
                        : " (units with a decoder: " + String.join(", ", new TreeSet<>(installedUnits)) + ")"));
        this.unit = unit;
    }

    public String unit() {
        return unit;
    }
}
