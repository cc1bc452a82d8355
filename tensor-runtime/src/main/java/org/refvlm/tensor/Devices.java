package org.refvlm.tensor;

import ai.djl.Device;
import java.util.Locale;

/** Parses device names from configuration ("cpu", "gpu", "gpu:N", "cuda:N"); nothing hard-codes a device. */
public final class Devices {
    private Devices() {
    }

    public static Device parse(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("device name is empty; use cpu or gpu:N");
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        for (String p : new String[] {"gpu", "cuda"}) {
            if (n.equals(p)) {
                return Device.gpu(0);
            }
            if (n.startsWith(p + ":")) {
                try {
                    int id = Integer.parseInt(n.substring(p.length() + 1));
                    if (id >= 0) {
                        return Device.gpu(id);
                    }
                } catch (NumberFormatException e) {
                    // fall through to the error below
                }
            }
        }
        throw new IllegalArgumentException("unknown device '" + name + "'; use cpu or gpu:N");
    }
}
