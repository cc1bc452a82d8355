package org.refvlm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkout's {@code bin/refvlm} builds the runtime on first use; Maven's own output (Maven 3.8
 * prints terminal escape codes even in batch mode) must stay out of the terminal. A stand-in
 * {@code mvn} on the PATH prints such noise and fails, so no real build runs.
 */
class FirstRunBuildTest {

    @Test
    void buildOutputGoesToALogAndOnlyRefvlmLinesReachTheTerminal(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/usr/bin/env bash\nprintf '\\033[0m\\033[0m[ERROR] COMPILATION ERROR in Foo.java\\n'\n"
                + "printf '\\033[1;31mBUILD FAILURE\\033[0m\\n' >&2\nexit 1\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = Path.of("..", "bin", "refvlm").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "status");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("REFVLM_RUNTIME", dir.resolve("runtime").toString());
        pb.environment().put("REFVLM_STATE", dir.resolve("state").toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(output).doesNotContain("\u001b")
                .startsWith("refvlm: building the runtime into " + dir.resolve("runtime"))
                .contains("refvlm: the build failed; the end of its log (" + dir.resolve("state/build.log") + "):")
                .contains("[ERROR] COMPILATION ERROR in Foo.java").contains("BUILD FAILURE");
        assertThat(Files.readString(dir.resolve("state/build.log"))).contains("\u001b[0m");
    }
}
