package org.refvlm.launcher;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the launcher finds the runtime and keeps state. Each comes from a system property the
 * {@code bin/refvlm} script sets, so the same jar runs from a checkout and from an install.
 *
 * @param runtime the assembled runtime: {@code bundle/}, {@code conf/}, {@code engine/}
 * @param deploy  the watched drop-in folder for decoder bundles
 * @param state   persistent state: configuration (pins), logs, per-process framework caches
 */
record LauncherSettings(Path runtime, Path deploy, Path state) {

    static LauncherSettings fromSystemProperties() {
        Path runtime = Path.of(required("refvlm.runtime")).toAbsolutePath().normalize();
        Path deploy = Path.of(Optional.ofNullable(System.getProperty("refvlm.deploy"))
                .orElse(runtime.resolve("deploy").toString())).toAbsolutePath().normalize();
        Path state = Path.of(Optional.ofNullable(System.getProperty("refvlm.state"))
                .orElse(runtime.resolve("var").toString())).toAbsolutePath().normalize();
        return new LauncherSettings(runtime, deploy, state);
    }

    private static String required(String key) {
        String v = System.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + key + " is not set: start refvlm through bin/refvlm");
        }
        return v;
    }

    Path configFile() {
        return runtime.resolve("conf/config.properties");
    }
}
