package org.refvlm.tensor;

import ai.djl.Device;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the device names used in configuration: {@code cpu}, {@code gpu}, {@code gpu:N}. */
public final class DeviceNames {

    private static final Pattern GPU = Pattern.compile("gpu(?::(\\d+))?");

    private DeviceNames() {
    }

    /**
     * @throws IllegalArgumentException naming the bad value and the accepted forms
     */
    public static Device parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        Matcher m = GPU.matcher(n);
        if (m.matches()) {
            return Device.gpu(m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
        }
        throw new IllegalArgumentException(
                "unknown device '" + name + "': use cpu, gpu or gpu:N (N = GPU index)");
    }
}
