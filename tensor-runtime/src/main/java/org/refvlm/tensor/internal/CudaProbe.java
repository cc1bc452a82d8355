package org.refvlm.tensor.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.refvlm.tensor.GpuInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the CUDA runtime (and cuDNN) of the loaded libtorch how many GPUs there are, which versions
 * run and how much memory a GPU has. DJL counts GPUs the same way but finds {@code libcudart} only
 * by name on the system's library path, which misses the copies a wheel or the libtorch archive
 * bring; this probe opens them by path.
 */
final class CudaProbe {

    private static final Logger LOG = LoggerFactory.getLogger(CudaProbe.class);
    /** cudaErrorNoDevice: the runtime works but finds no GPU. */
    private static final int NO_DEVICE = 100;
    private static final int ATTR_CC_MAJOR = 75;
    private static final int ATTR_CC_MINOR = 76;

    /** The part of the CUDA runtime API the probe uses (int return values are cudaError_t). */
    public interface CudaRuntime extends Library {
        int cudaGetDeviceCount(int[] count);

        int cudaRuntimeGetVersion(int[] version);

        int cudaDriverGetVersion(int[] version);

        int cudaGetDevice(int[] device);

        int cudaSetDevice(int device);

        int cudaMemGetInfo(long[] free, long[] total);

        int cudaDeviceGetAttribute(int[] value, int attribute, int device);

        String cudaGetErrorString(int error);
    }

    /** cuDNN's version query (size_t, read as long on 64-bit Linux). */
    public interface Cudnn extends Library {
        long cudnnGetVersion();
    }

    private final CudaRuntime cuda;
    private final String cudaLibrary;
    private final String cudnnVersion;
    private final String unavailable;

    private CudaProbe(CudaRuntime cuda, String cudaLibrary, String cudnnVersion, String unavailable) {
        this.cuda = cuda;
        this.cudaLibrary = cudaLibrary;
        this.cudnnVersion = cudnnVersion;
        this.unavailable = unavailable;
    }

    /**
     * Opens the CUDA runtime beside {@code libtorch} (or, failing that, the system's), and cuDNN.
     * Never throws: a probe without a CUDA runtime says why in {@link #deviceCount()}'s failure.
     */
    static CudaProbe open(Path libtorch) {
        return open(libtorch, true);
    }

    /** @param searchSystem whether to fall back to the system's library path */
    static CudaProbe open(Path libtorch, boolean searchSystem) {
        List<String> tried = new ArrayList<>();
        CudaRuntime cuda = null;
        String from = null;
        for (Path p : CudaLibraries.cudaRuntime(libtorch)) {
            try {
                cuda = Native.load(p.toString(), CudaRuntime.class);
                from = p.toString();
                break;
            } catch (UnsatisfiedLinkError e) {
                tried.add(p + " (" + e.getMessage() + ")");
            }
        }
        if (cuda == null && searchSystem) {
            try {
                cuda = Native.load("cudart", CudaRuntime.class);
                java.io.File file = NativeLibrary.getInstance("cudart").getFile();
                from = file.isAbsolute() ? file.getPath() : file.getPath() + " on the system library path";
            } catch (UnsatisfiedLinkError e) {
                tried.add("libcudart on the system library path (not found)");
            }
        }
        String missing = cuda == null ? "no CUDA runtime library could be opened; tried " + String.join(", ", tried) : null;
        return new CudaProbe(cuda, from, cudnnVersion(libtorch), missing);
    }

    private static String cudnnVersion(Path libtorch) {
        List<String> names = new ArrayList<>();
        CudaLibraries.cudnn(libtorch).forEach(p -> names.add(p.toString()));
        names.add("cudnn");
        for (String name : names) {
            try {
                long v = Native.load(name, Cudnn.class).cudnnGetVersion();
                // cuDNN 9 encodes major * 10000 + minor * 100 + patch (8.x used major * 1000 + minor * 100)
                return v >= 90000 ? (v / 10000) + "." + (v % 10000 / 100) + "." + (v % 100)
                        : (v / 1000) + "." + (v % 1000 / 100) + "." + (v % 100);
            } catch (UnsatisfiedLinkError e) {
                LOG.debug("cuDNN not opened from {}: {}", name, e.getMessage());
            }
        }
        return null;
    }

    /** What the CUDA runtime answered: a count, or why there is none. */
    record DeviceCount(int count, String failure) {
    }

    DeviceCount deviceCount() {
        if (cuda == null) {
            return new DeviceCount(0, unavailable);
        }
        int[] count = new int[1];
        int error = cuda.cudaGetDeviceCount(count);
        if (error == 0) {
            return new DeviceCount(count[0], count[0] == 0 ? "the CUDA runtime (" + cudaLibrary + ") sees no GPU" : null);
        }
        String what = error == NO_DEVICE ? "" : " (the NVIDIA driver " + driverVersion().orElse("is missing or too old") + ")";
        return new DeviceCount(0, "the CUDA runtime (" + cudaLibrary + ", CUDA " + runtimeVersion().orElse("?")
                + ") says: " + cuda.cudaGetErrorString(error) + " [error " + error + "]" + what);
    }

    Optional<String> runtimeVersion() {
        return version(cuda == null ? -1 : call(v -> cuda.cudaRuntimeGetVersion(v)));
    }

    Optional<String> driverVersion() {
        return version(cuda == null ? -1 : call(v -> cuda.cudaDriverGetVersion(v)));
    }

    /** What status shows for GPU {@code id}; empty fields where the runtime does not answer. */
    GpuInfo info(int id) {
        long total = -1;
        long free = -1;
        String capability = null;
        if (cuda != null) {
            int[] current = new int[1];
            long[] f = new long[1];
            long[] t = new long[1];
            // cudaMemGetInfo answers for the current device; restore it so libtorch's choice stands.
            if (cuda.cudaGetDevice(current) == 0 && cuda.cudaSetDevice(id) == 0) {
                if (cuda.cudaMemGetInfo(f, t) == 0) {
                    free = f[0];
                    total = t[0];
                }
                cuda.cudaSetDevice(current[0]);
            }
            int[] major = new int[1];
            int[] minor = new int[1];
            if (cuda.cudaDeviceGetAttribute(major, ATTR_CC_MAJOR, id) == 0
                    && cuda.cudaDeviceGetAttribute(minor, ATTR_CC_MINOR, id) == 0) {
                capability = major[0] + "." + minor[0];
            }
        }
        return new GpuInfo(id, runtimeVersion().orElse(null), driverVersion().orElse(null), cudnnVersion, capability,
                total, free);
    }

    private interface IntCall {
        int call(int[] out);
    }

    private static int call(IntCall c) {
        int[] out = new int[1];
        return c.call(out) == 0 ? out[0] : -1;
    }

    /** CUDA's 12080 -> 12.8. */
    private static Optional<String> version(int v) {
        return v <= 0 ? Optional.empty() : Optional.of(v / 1000 + "." + v % 1000 / 10);
    }
}
