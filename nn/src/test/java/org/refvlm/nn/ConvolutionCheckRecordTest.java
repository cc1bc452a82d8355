package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record the launcher reads: one verdict per instruction set, per CPU, replaced atomically. */
class ConvolutionCheckRecordTest {

    @TempDir
    Path dir;

    @Test
    void verdictsAccumulateForOneCpuAndStartAfreshOnAnother() throws Exception {
        Path file = dir.resolve("cache/convolution-check.properties");
        assertThat(ConvolutionCheckRecord.read(file)).isEmpty();
        ConvolutionCheckRecord.write(file, ConvolutionCheckRecord.updated(ConvolutionCheckRecord.read(file), "77", null, false));
        ConvolutionCheckRecord.write(file, ConvolutionCheckRecord.updated(ConvolutionCheckRecord.read(file), "77", " SSE41", true));
        assertThat(ConvolutionCheckRecord.read(file)).isEqualTo(Map.of("cpu", "77", "default", "wrong", "SSE41", "right"));
        // the lines the launcher greps for, exactly
        assertThat(Files.readAllLines(file)).contains("cpu=77", "default=wrong", "SSE41=right");

        ConvolutionCheckRecord.write(file, ConvolutionCheckRecord.updated(ConvolutionCheckRecord.read(file), "78", "", true));
        assertThat(ConvolutionCheckRecord.read(file)).isEqualTo(Map.of("cpu", "78", "default", "right"));
    }

    @Test
    void anUnreadableRecordIsAnEmptyOne() throws Exception {
        Path file = dir.resolve("record.properties");
        Files.writeString(file, "cpu=\\u12");                                // a broken escape
        assertThat(ConvolutionCheckRecord.read(file)).isEmpty();
        Files.createDirectory(dir.resolve("folder.properties"));
        assertThat(ConvolutionCheckRecord.read(dir.resolve("folder.properties"))).isEmpty();
    }
}
