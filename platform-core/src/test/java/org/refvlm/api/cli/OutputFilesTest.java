package org.refvlm.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {

    @Test
    void aMissingFolderIsNamedWithTheFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("missing/result.json");
        assertThatThrownBy(() -> OutputFiles.writable(out))
                .hasMessage(out + ": cannot write it: the folder " + dir.resolve("missing") + " does not exist");
        assertThatThrownBy(() -> OutputFiles.writable(dir)).hasMessage("cannot write " + dir + ": it is a folder");
        assertThat(OutputFiles.writable(dir.resolve("result.json"))).isEqualTo(dir.resolve("result.json"));
    }
}
