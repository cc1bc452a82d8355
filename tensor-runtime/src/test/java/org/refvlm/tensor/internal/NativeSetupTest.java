package org.refvlm.tensor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decisions around a GPU, made without one: what the launcher's variables mean and every refusal. */
class NativeSetupTest {

    @TempDir
    Path dir;

    private Path cpuEngine() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("engine/pytorch/2.7.1-cpu-linux-x86_64"));
        Files.writeString(lib.resolve("libtorch.so"), "");
        return lib;
    }

    private Path cudaWheel() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("site-packages/torch/lib"));
        Files.writeString(lib.resolve("libtorch.so"), "");
        Files.writeString(lib.getParent().resolve("version.py"), "__version__ = '2.7.1+cu128'\ncuda = '12.8'\n");
        return lib;
    }

    private static Map<String, String> env(Path lib, String flavor) {
        return Map.of("PYTORCH_LIBRARY_PATH", lib.toString(), "PYTORCH_VERSION", "2.7.1", "PYTORCH_FLAVOR", flavor);
    }

    @Test
    void theBundledCpuLibtorchServesTheCpu() throws IOException {
        NativeSetup s = NativeSetup.from(env(cpuEngine(), "cpu"), null, "2.7.1");
        assertThat(s.checkBeforeLoading(Device.cpu(), "REFVLM_DEVICE=cpu")).hasValueSatisfying(b ->
                assertThat(b.label()).isEqualTo("2.7.1+cpu"));
        assertThatCode(() -> s.checkDevice(Device.cpu(), "x", false, new CudaProbe.DeviceCount(0, "none"))).doesNotThrowAnyException();
    }

    @Test
    void aGpuWithoutACudaLibtorchIsRefusedBeforeLoadingAnything() throws IOException {
        NativeSetup s = NativeSetup.from(env(cpuEngine(), "cpu"), null, "2.7.1");
        assertThatThrownBy(() -> s.checkBeforeLoading(Device.gpu(0), "REFVLM_DEVICE=gpu"))
                .hasMessageStartingWith("REFVLM_DEVICE=gpu asks for gpu(0), but this runtime loads PyTorch 2.7.1 for the CPU ("
                        + dir.resolve("engine/pytorch/2.7.1-cpu-linux-x86_64") + ")")
                .hasMessageContaining("set REFVLM_LIBTORCH to the torch/lib folder of a torch==2.7.1+cu128 wheel");
        NativeSetup unset = NativeSetup.from(Map.of(), null, "2.7.1");
        assertThatThrownBy(() -> unset.checkBeforeLoading(Device.gpu(1), "REFVLM_DEVICE=gpu:1"))
                .hasMessageContaining("for the CPU (DJL's engine cache)");
    }

    @Test
    void aLibtorchOfTheWrongVersionIsRefusedWhateverTheDevice() throws IOException {
        Path lib = cudaWheel();
        Files.writeString(lib.getParent().resolve("version.py"), "__version__ = '2.6.0+cu126'\n");
        NativeSetup s = NativeSetup.from(env(lib, "cu128"), lib.toString(), "2.7.1");
        assertThat(s.setting()).isEqualTo("REFVLM_LIBTORCH=" + lib);
        for (Device d : new Device[] {Device.cpu(), Device.gpu(0)}) {
            assertThatThrownBy(() -> s.checkBeforeLoading(d, "REFVLM_DEVICE=" + d))
                    .hasMessageContaining("holds PyTorch 2.6.0+cu126 (built for CUDA 12.6")
                    .hasMessageContaining("needs PyTorch 2.7.1 built for CUDA 12.8");
        }
    }

    @Test
    void aCudaLibtorchOnAMachineWithoutAGpuSaysWhatTheCudaRuntimeAnswered() throws IOException {
        NativeSetup s = NativeSetup.from(env(cudaWheel(), "cu128"), "/opt/torch/lib", "2.7.1");
        assertThat(s.checkBeforeLoading(Device.gpu(0), "REFVLM_DEVICE=gpu")).hasValueSatisfying(b ->
                assertThat(b.cuda()).contains("12.8"));
        CudaProbe.DeviceCount none = new CudaProbe.DeviceCount(0,
                "the CUDA runtime (/x/libcudart.so.12, CUDA 12.8) says: no CUDA-capable device is detected [error 100]");
        assertThatThrownBy(() -> s.checkDevice(Device.gpu(0), "REFVLM_DEVICE=gpu", true, none))
                .hasMessage("REFVLM_DEVICE=gpu asks for gpu(0), but no GPU is usable: the CUDA runtime "
                        + "(/x/libcudart.so.12, CUDA 12.8) says: no CUDA-capable device is detected [error 100]");
        assertThatThrownBy(() -> s.checkDevice(Device.gpu(2), "REFVLM_DEVICE=gpu:2", true, new CudaProbe.DeviceCount(2, null)))
                .hasMessageEndingWith("but the CUDA runtime sees 2 GPU(s), numbered from 0");
        assertThatThrownBy(() -> s.checkDevice(Device.gpu(0), "REFVLM_DEVICE=gpu", false, new CudaProbe.DeviceCount(1, null)))
                .hasMessageContaining("was built without CUDA");
        assertThatCode(() -> s.checkDevice(Device.gpu(1), "x", true, new CudaProbe.DeviceCount(2, null))).doesNotThrowAnyException();
    }

    @Test
    void theProbeWithoutACudaRuntimeSaysWhereItLooked() throws IOException {
        Path lib = cudaWheel();
        Path runtime = Files.createDirectories(dir.resolve("site-packages/nvidia/cuda_runtime/lib"));
        Files.writeString(runtime.resolve("libcudart.so.12"), "not a library");
        assertThat(CudaLibraries.cudaRuntime(lib)).containsExactly(runtime.resolve("libcudart.so.12"));
        CudaProbe.DeviceCount count = CudaProbe.open(lib, false).deviceCount();
        assertThat(count.count()).isZero();
        assertThat(count.failure()).startsWith("no CUDA runtime library could be opened; tried "
                + runtime.resolve("libcudart.so.12") + " (");
    }

    /**
     * This machine and CI have no GPU; where a system CUDA runtime exists (this one has CUDA 13.0
     * without a driver) its own answer is the reason, otherwise that none was found.
     */
    @Test
    void theSystemsCudaRuntimeFindsNoGpuHereAndSaysWhy() {
        CudaProbe.DeviceCount count = CudaProbe.open(null).deviceCount();
        assertThat(count.count()).isZero();
        assertThat(count.failure()).matches("no CUDA runtime library could be opened; tried libcudart on the system library "
                + "path \\(not found\\)|the CUDA runtime \\(.*libcudart.*\\) (says: .* \\[error \\d+\\].*|sees no GPU)");
    }

    @Test
    void theArchivesHashedCudaRuntimeAndCudnnAreFound() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("libtorch/lib"));
        for (String f : new String[] {"libcudart-218eec4c.so.12", "libcudnn.so.9", "libcudnn_ops.so.9", "libc10.so"}) {
            Files.writeString(lib.resolve(f), "");
        }
        assertThat(CudaLibraries.cudaRuntime(lib)).containsExactly(lib.resolve("libcudart-218eec4c.so.12"));
        assertThat(CudaLibraries.cudnn(lib)).containsExactly(lib.resolve("libcudnn.so.9"));
    }
}
