package org.refvlm.tensor.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Where the CUDA runtime and cuDNN libraries of a CUDA libtorch live. A pip wheel keeps them in
 * its sibling packages ({@code site-packages/nvidia/cuda_runtime/lib}, {@code nvidia/cudnn/lib});
 * the libtorch archive keeps them in its own {@code lib} folder, the CUDA runtime under a hashed
 * name ({@code libcudart-<hash>.so.12}) that no library search by name finds. Both are already
 * loaded by libtorch; opening them again by path only gives this process a handle to ask them
 * questions (devices, versions, memory).
 */
final class CudaLibraries {

    private CudaLibraries() {
    }

    /** Candidate CUDA runtime libraries for a libtorch folder, most specific first. */
    static List<Path> cudaRuntime(Path libtorch) {
        return candidates(libtorch, "cuda_runtime", n -> n.startsWith("libcudart") && n.contains(".so"));
    }

    /** Candidate cuDNN libraries (the main one, not its sub-libraries) for a libtorch folder. */
    static List<Path> cudnn(Path libtorch) {
        return candidates(libtorch, "cudnn", n -> n.matches("libcudnn(-[0-9a-f]+)?\\.so(\\.\\d+)*"));
    }

    private static List<Path> candidates(Path libtorch, String wheelPackage, Predicate<String> name) {
        List<Path> out = new ArrayList<>();
        if (libtorch == null) {
            return out;
        }
        out.addAll(matching(libtorch, name));
        Path sitePackages = libtorch.toAbsolutePath().normalize().getParent();
        sitePackages = sitePackages == null ? null : sitePackages.getParent();
        if (sitePackages != null) {
            out.addAll(matching(sitePackages.resolve("nvidia").resolve(wheelPackage).resolve("lib"), name));
        }
        return out;
    }

    /** Files of {@code dir} whose name matches, highest version (longest name) first. */
    private static List<Path> matching(Path dir, Predicate<String> name) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> name.test(f.getFileName().toString()) && Files.isRegularFile(f))
                    .sorted(Comparator.comparing((Path f) -> f.getFileName().toString().length()).reversed()
                            .thenComparing(Comparator.reverseOrder()))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
