package org.refvlm.tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which PyTorch build a libtorch folder (the folder holding {@code libtorch.so}) holds, read from
 * the files that ship beside it, before anything is loaded: DJL's JNI library works only with the
 * libtorch version it was compiled against, and a mismatch fails late (on the first data access)
 * or crashes the JVM.
 *
 * <p>Three layouts are recognised: a pip wheel's {@code torch/lib} (the version in
 * {@code torch/version.py}), the libtorch archive's {@code libtorch/lib} (in
 * {@code libtorch/build-version}), and DJL's engine cache, whose folder is named
 * {@code <version>-<flavor>-<classifier>} (how this runtime ships its CPU libtorch).
 *
 * @param folder  the libtorch folder
 * @param version PyTorch's public version, e.g. {@code 2.7.1}
 * @param cuda    the CUDA version it was built for, e.g. {@code 12.8}; empty for a CPU build
 * @param label   the full version as the build names itself, e.g. {@code 2.7.1+cu128}
 * @param source  the file (or folder name) the version was read from
 */
public record LibtorchBuild(Path folder, String version, Optional<String> cuda, String label, String source) {

    /** The library DJL looks for in a libtorch folder. */
    public static final String LIBTORCH = "libtorch.so";

    private static final Pattern PY_VERSION = Pattern.compile("(?m)^__version__\\s*=\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern PY_CUDA = Pattern.compile("(?m)^cuda\\s*(?::[^=]*)?=\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern LABEL = Pattern.compile("(\\d+\\.\\d+\\.\\d+)(?:[.a-z0-9]*)?(?:\\+([a-z0-9.]+))?");
    private static final Pattern CACHE_FOLDER = Pattern.compile("(\\d+\\.\\d+\\.\\d+)(?:-\\d+)?-(cpu|cu\\d+)(?:-precxx11)?-.+");
    private static final Pattern CU_FLAVOR = Pattern.compile("cu(\\d+)(\\d)");

    /**
     * @throws LibtorchException naming the folder and what is missing when it holds no libtorch or
     *                           no file that says which one
     */
    public static LibtorchBuild inspect(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new LibtorchException(dir + " is not a folder");
        }
        if (!Files.isRegularFile(dir.resolve(LIBTORCH))) {
            String hint = Files.isRegularFile(dir.resolve("lib").resolve(LIBTORCH))
                    ? "; it is in " + dir.resolve("lib") + ", point at that folder" : "";
            throw new LibtorchException(dir + " holds no " + LIBTORCH + hint);
        }
        Path parent = dir.getParent();
        try {
            if (parent != null && Files.isRegularFile(parent.resolve("version.py"))) {
                return fromWheel(dir, parent.resolve("version.py"));
            }
            if (parent != null && Files.isRegularFile(parent.resolve("build-version"))) {
                Path file = parent.resolve("build-version");
                return fromLabel(dir, Files.readString(file).trim(), Optional.empty(), file.toString());
            }
        } catch (IOException e) {
            throw new LibtorchException("cannot read the PyTorch version beside " + dir + ": " + e.getMessage());
        }
        Matcher cache = CACHE_FOLDER.matcher(dir.getFileName().toString());
        if (cache.matches()) {
            Optional<String> cuda = cache.group(2).equals("cpu") ? Optional.empty() : Optional.of(cudaOf(cache.group(2)));
            return new LibtorchBuild(dir, cache.group(1), cuda,
                    cache.group(1) + "+" + cache.group(2), "the folder name " + dir.getFileName());
        }
        throw new LibtorchException("cannot tell which PyTorch " + dir + " holds: there is no "
                + (parent == null ? "version.py" : parent.resolve("version.py")) + " (a pip wheel's torch/lib) and no "
                + (parent == null ? "build-version" : parent.resolve("build-version")) + " (the libtorch archive's lib)");
    }

    private static LibtorchBuild fromWheel(Path dir, Path versionPy) throws IOException {
        String text = Files.readString(versionPy);
        Matcher v = PY_VERSION.matcher(text);
        if (!v.find()) {
            throw new LibtorchException(versionPy + " has no __version__ line");
        }
        Matcher c = PY_CUDA.matcher(text);
        Optional<String> cuda = c.find() ? Optional.of(c.group(1)) : Optional.empty();
        return fromLabel(dir, v.group(1), cuda, versionPy.toString());
    }

    /** "2.7.1+cu128" (CUDA from the local label unless the file said it), "2.7.1+cpu", "2.7.1". */
    private static LibtorchBuild fromLabel(Path dir, String label, Optional<String> cuda, String source) {
        Matcher m = LABEL.matcher(label);
        if (!m.matches()) {
            throw new LibtorchException(source + " says the version is '" + label + "', which is not a PyTorch version");
        }
        String local = m.group(2);
        Optional<String> fromLabel = local != null && CU_FLAVOR.matcher(local).matches()
                ? Optional.of(cudaOf(local)) : Optional.empty();
        return new LibtorchBuild(dir, m.group(1), cuda.isPresent() ? cuda : fromLabel, label, source);
    }

    /** cu128 -> 12.8, cu118 -> 11.8 (PyTorch's and DJL's flavor names). */
    public static String cudaOf(String flavor) {
        Matcher m = CU_FLAVOR.matcher(flavor.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + flavor + "' is not a CUDA flavor such as cu128");
        }
        return m.group(1) + "." + m.group(2);
    }

    /**
     * Refuses a build other than the one DJL's JNI library was compiled for.
     *
     * @param version PyTorch version the JNI library needs, e.g. {@code 2.7.1}
     * @param flavor  DJL's flavor of that JNI library: {@code cpu} or {@code cuXYZ}
     * @param setting how the user chose this folder, for the message (e.g. {@code REFVLM_LIBTORCH=/x})
     * @return this build, when it matches
     * @throws LibtorchException naming what was found and what is needed
     */
    public LibtorchBuild requireMatching(String version, String flavor, String setting) {
        Optional<String> wantCuda = flavor.startsWith("cu") ? Optional.of(cudaOf(flavor)) : Optional.empty();
        if (version.equals(this.version) && wantCuda.equals(cuda)) {
            return this;
        }
        throw new LibtorchException(setting + " holds PyTorch " + label + " (" + describe(cuda) + ", read from "
                + source + "), but this runtime's JNI library needs PyTorch " + version + " " + describe(wantCuda)
                + wantCuda.map(c -> " (pip: torch==" + version + "+" + flavor + ")").orElse(""));
    }

    private static String describe(Optional<String> cuda) {
        return cuda.map(c -> "built for CUDA " + c).orElse("a CPU build");
    }
}
