package org.refvlm.tensor;

/**
 * A description of the running tensor engine, for {@code refvlm:status} and logs.
 *
 * @param engine       engine name, e.g. {@code PyTorch}
 * @param version      native engine version, e.g. {@code 2.7.1}
 * @param djlVersion   version of the DJL API
 * @param device       configured device, e.g. {@code cpu()} or {@code gpu(0)}
 * @param gpuCount     GPUs the engine can see
 * @param intraOpThreads threads one operator may use (-1 when the engine default is kept)
 * @param tokenizers   whether the Hugging Face tokenizers native library is loaded
 * @param nativeLibraryDir where the native libraries were loaded from
 */
public record RuntimeInfo(
        String engine,
        String version,
        String djlVersion,
        String device,
        int gpuCount,
        int intraOpThreads,
        boolean tokenizers,
        String nativeLibraryDir) {
}
