package org.refvlm.tensor.internal;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.refvlm.tensor.LibtorchBuild;

/**
 * Which libtorch DJL will load and whether it can serve the configured device, decided before any
 * native library is loaded (a JNI library and a libtorch of different versions crash late or
 * take the JVM down) and checked again against the CUDA runtime once it is.
 *
 * <p>DJL reads {@code PYTORCH_LIBRARY_PATH}, {@code PYTORCH_VERSION} and {@code PYTORCH_FLAVOR}
 * from the environment only; {@code bin/refvlm} sets them, from {@code REFVLM_LIBTORCH} for a
 * user's CUDA libtorch or to the runtime's own CPU libtorch otherwise.
 *
 * @param folder     the libtorch folder DJL will load; empty when DJL searches its own cache
 * @param version    the PyTorch version DJL's JNI library is built for
 * @param flavor     DJL's flavor of that JNI library: {@code cpu} or {@code cuXYZ}
 * @param setting    how the folder was chosen, for messages ({@code REFVLM_LIBTORCH=/x})
 */
record NativeSetup(Optional<Path> folder, String version, String flavor, String setting) {

    static final String README = "README.md, section 'Running on a GPU'";

    /**
     * @param env          the process environment
     * @param userLibtorch the {@code refvlm.libtorch} property ({@code REFVLM_LIBTORCH}), or null
     * @param jniVersion   the PyTorch version of the engine's JNI library (its properties file)
     */
    static NativeSetup from(Map<String, String> env, String userLibtorch, String jniVersion) {
        String path = env.get("PYTORCH_LIBRARY_PATH");
        Optional<Path> folder = path == null || path.isBlank() ? Optional.empty() : Optional.of(Path.of(path));
        String version = Optional.ofNullable(env.get("PYTORCH_VERSION")).filter(v -> !v.isBlank()).orElse(jniVersion);
        // DJL's own default when a library path is given without a flavor
        String flavor = Optional.ofNullable(env.get("PYTORCH_FLAVOR")).filter(v -> !v.isBlank()).orElse("cpu-precxx11");
        String setting = userLibtorch != null && !userLibtorch.isBlank() ? "REFVLM_LIBTORCH=" + userLibtorch
                : "PYTORCH_LIBRARY_PATH=" + path;
        return new NativeSetup(folder, version, flavor.replace("-precxx11", ""), setting);
    }

    /**
     * Before loading: the folder holds the build the JNI library needs, and a GPU device has a
     * CUDA build to run on.
     *
     * @param device      the configured device
     * @param deviceSetting how the device was chosen, for messages
     * @return the folder's build, when a folder is set
     * @throws IllegalStateException naming what was found and what is needed
     */
    Optional<LibtorchBuild> checkBeforeLoading(Device device, String deviceSetting) {
        Optional<LibtorchBuild> build = folder.map(f -> LibtorchBuild.inspect(f).requireMatching(version, flavor, setting));
        boolean cuda = build.map(b -> b.cuda().isPresent()).orElse(false);
        if (device.isGpu() && !cuda) {
            throw new IllegalStateException(deviceSetting + " asks for " + device + ", but this runtime loads PyTorch "
                    + version + " for the CPU (" + build.map(b -> b.folder().toString()).orElse("DJL's engine cache")
                    + "); its GPU libraries are not bundled: set REFVLM_LIBTORCH to the torch/lib folder of a "
                    + "torch==" + version + "+cu128 wheel (" + README + ")");
        }
        return build;
    }

    /**
     * After loading: the engine was built with CUDA and the CUDA runtime sees the GPU asked for.
     *
     * @param engineHasCuda whether the loaded engine reports the CUDA capability
     * @param count         what the CUDA runtime answered
     */
    void checkDevice(Device device, String deviceSetting, boolean engineHasCuda, CudaProbe.DeviceCount count) {
        if (!device.isGpu()) {
            return;
        }
        String where = folder.map(Path::toString).orElse("DJL's engine cache");
        if (!engineHasCuda) {
            throw new IllegalStateException(deviceSetting + " asks for " + device + ", but the PyTorch library loaded from "
                    + where + " was built without CUDA");
        }
        if (device.getDeviceId() >= count.count()) {
            String seen = count.count() == 0 ? "no GPU is usable: " + count.failure()
                    : "the CUDA runtime sees " + count.count() + " GPU(s), numbered from 0";
            throw new IllegalStateException(deviceSetting + " asks for " + device + ", but " + seen);
        }
    }
}
