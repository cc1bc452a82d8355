package org.refvlm.core.internal.registry;

import org.osgi.framework.Bundle;

/** Bundle state constants as the words administrators see in {@code lb}. */
public final class BundleStates {

    private BundleStates() {
    }

    public static String name(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
