package org.refvlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which PyTorch a libtorch folder holds, read from the files of the three layouts, and the refusal of a wrong one. */
class LibtorchBuildTest {

    @TempDir
    Path dir;

    /** A pip wheel's torch/ package: lib/libtorch.so and version.py as PyTorch writes it. */
    private Path wheel(String version, String cuda) throws IOException {
        Path lib = Files.createDirectories(dir.resolve("site-packages/torch/lib"));
        Files.writeString(lib.resolve("libtorch.so"), "");
        Files.writeString(lib.getParent().resolve("version.py"), String.join("\n",
                "from typing import Optional",
                "",
                "__all__ = ['__version__', 'debug', 'cuda', 'git_version', 'hip', 'xpu']",
                "__version__ = '" + version + "'",
                "debug = False",
                "cuda: Optional[str] = " + (cuda == null ? "None" : "'" + cuda + "'"),
                "git_version = 'e2d141dbde55c2a4370fac5165b0561b6af4798b'",
                "hip: Optional[str] = None",
                "xpu: Optional[str] = None", ""));
        return lib;
    }

    @Test
    void readsAWheelsVersionAndCuda() throws IOException {
        LibtorchBuild b = LibtorchBuild.inspect(wheel("2.7.1+cu128", "12.8"));
        assertThat(b.version()).isEqualTo("2.7.1");
        assertThat(b.cuda()).contains("12.8");
        assertThat(b.label()).isEqualTo("2.7.1+cu128");
        assertThat(b.source()).endsWith("torch/version.py");
        assertThat(b.requireMatching("2.7.1", "cu128", "REFVLM_LIBTORCH=x")).isSameAs(b);
    }

    @Test
    void readsTheLibtorchArchivesBuildVersion() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("libtorch/lib"));
        Files.writeString(lib.resolve("libtorch.so"), "");
        Files.writeString(dir.resolve("libtorch/build-version"), "2.7.1+cu128\n");
        LibtorchBuild b = LibtorchBuild.inspect(lib);
        assertThat(b.version()).isEqualTo("2.7.1");
        assertThat(b.cuda()).contains("12.8");
    }

    @Test
    void readsDjlsEngineCacheFolderName() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("pytorch/2.7.1-cpu-linux-x86_64"));
        Files.writeString(lib.resolve("libtorch.so"), "");
        LibtorchBuild b = LibtorchBuild.inspect(lib);
        assertThat(b.version()).isEqualTo("2.7.1");
        assertThat(b.cuda()).isEmpty();
        assertThat(b.label()).isEqualTo("2.7.1+cpu");
        assertThat(b.requireMatching("2.7.1", "cpu", "x")).isSameAs(b);
    }

    @Test
    void aWrongVersionIsRefusedNamingWhatWasFoundAndWhatIsNeeded() throws IOException {
        Path lib = wheel("2.5.1+cu124", "12.4");
        assertThatThrownBy(() -> LibtorchBuild.inspect(lib).requireMatching("2.7.1", "cu128", "REFVLM_LIBTORCH=" + lib))
                .isInstanceOf(LibtorchException.class)
                .hasMessage("REFVLM_LIBTORCH=" + lib + " holds PyTorch 2.5.1+cu124 (built for CUDA 12.4, read from "
                        + lib.getParent().resolve("version.py") + "), but this runtime's JNI library needs PyTorch 2.7.1 "
                        + "built for CUDA 12.8 (pip: torch==2.7.1+cu128)");
    }

    @Test
    void theRightVersionForAnotherCudaOrTheCpuIsRefusedToo() throws IOException {
        assertThatThrownBy(() -> LibtorchBuild.inspect(wheel("2.7.1", "12.6")).requireMatching("2.7.1", "cu128", "x"))
                .hasMessageContaining("holds PyTorch 2.7.1 (built for CUDA 12.6")
                .hasMessageContaining("needs PyTorch 2.7.1 built for CUDA 12.8");
        Files.delete(dir.resolve("site-packages/torch/version.py"));
        assertThatThrownBy(() -> LibtorchBuild.inspect(wheel("2.7.1+cpu", null)).requireMatching("2.7.1", "cu128", "x"))
                .hasMessageContaining("holds PyTorch 2.7.1+cpu (a CPU build");
    }

    @Test
    void aFolderWithoutLibtorchOrWithoutAVersionFileSaysWhatIsMissing() throws IOException {
        assertThatThrownBy(() -> LibtorchBuild.inspect(dir.resolve("nothing"))).hasMessageEndingWith("nothing is not a folder");
        Path torch = wheel("2.7.1+cu128", "12.8").getParent();
        assertThatThrownBy(() -> LibtorchBuild.inspect(torch))
                .hasMessage(torch + " holds no libtorch.so; it is in " + torch.resolve("lib") + ", point at that folder");
        Path bare = Files.createDirectories(dir.resolve("custom/lib"));
        Files.writeString(bare.resolve("libtorch.so"), "");
        assertThatThrownBy(() -> LibtorchBuild.inspect(bare)).hasMessageContaining("cannot tell which PyTorch")
                .hasMessageContaining("version.py").hasMessageContaining("build-version");
    }

    @Test
    void cudaFlavorsNameTheirVersion() {
        assertThat(LibtorchBuild.cudaOf("cu128")).isEqualTo("12.8");
        assertThat(LibtorchBuild.cudaOf("cu118")).isEqualTo("11.8");
        assertThatThrownBy(() -> LibtorchBuild.cudaOf("cpu")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Optional.of("12.8")).isEqualTo(Optional.of(LibtorchBuild.cudaOf("CU128")));
    }
}
