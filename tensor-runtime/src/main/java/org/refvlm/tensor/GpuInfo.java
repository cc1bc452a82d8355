package org.refvlm.tensor;

import java.util.Locale;

/**
 * The GPU the runtime computes on, as its CUDA runtime reports it; a field the runtime did not
 * answer is null (versions) or -1 (memory).
 *
 * @param id                GPU index
 * @param cudaRuntime       CUDA runtime version, e.g. {@code 12.8}
 * @param cudaDriver        the highest CUDA version the installed driver supports, e.g. {@code 12.9}
 * @param cudnn             cuDNN version, e.g. {@code 9.7.1}
 * @param computeCapability e.g. {@code 9.0}
 * @param totalBytes        device memory
 * @param freeBytes         device memory free when asked
 */
public record GpuInfo(int id, String cudaRuntime, String cudaDriver, String cudnn, String computeCapability,
                      long totalBytes, long freeBytes) {

    /** One line for status: versions, then memory. */
    public String describe() {
        StringBuilder s = new StringBuilder("gpu(" + id + ")");
        if (computeCapability != null) {
            s.append(", compute capability ").append(computeCapability);
        }
        s.append(", CUDA ").append(cudaRuntime == null ? "?" : cudaRuntime);
        if (cudaDriver != null) {
            s.append(" (driver supports ").append(cudaDriver).append(')');
        }
        s.append(", cuDNN ").append(cudnn == null ? "not found" : cudnn);
        if (totalBytes > 0) {
            s.append(String.format(Locale.ROOT, ", memory %.1f GiB free of %.1f GiB", freeBytes / GIB, totalBytes / GIB));
        }
        return s.toString();
    }

    private static final double GIB = 1024.0 * 1024 * 1024;
}
