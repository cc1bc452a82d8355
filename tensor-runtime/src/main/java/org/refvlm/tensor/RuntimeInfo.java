package org.refvlm.tensor;

import java.util.Optional;

/**
 * A description of the running tensor engine, for {@code refvlm:status} and logs.
 *
 * @param engine         engine name, e.g. {@code PyTorch}
 * @param version        native engine version, e.g. {@code 2.7.1}
 * @param djlVersion     version of the DJL API
 * @param device         configured device, e.g. {@code cpu()} or {@code gpu(0)}
 * @param gpuCount       GPUs the CUDA runtime of the loaded libtorch sees (0 with a CPU libtorch)
 * @param intraOpThreads threads one operator may use (-1 when the engine default is kept)
 * @param tokenizers     whether the Hugging Face tokenizers native library is loaded
 * @param nativeLibraryDir the libtorch folder the engine was loaded from
 * @param libtorch       that folder's build, e.g. {@code 2.7.1+cpu} or {@code 2.7.1+cu128}
 * @param gpu            the configured GPU's versions and memory; empty on the CPU
 */
public record RuntimeInfo(
        String engine,
        String version,
        String djlVersion,
        String device,
        int gpuCount,
        int intraOpThreads,
        boolean tokenizers,
        String nativeLibraryDir,
        String libtorch,
        Optional<GpuInfo> gpu) {
}
