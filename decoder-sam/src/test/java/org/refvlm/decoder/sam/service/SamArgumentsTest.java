package org.refvlm.decoder.sam.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.cli.CommandLines;

/** The command line of {@code sam}: a usage error exits with 2 and says what is wrong on the command's error stream. */
class SamArgumentsTest {

    @Test
    void usageErrorsExitWithTwoAndSayWhat() {
        List<Object> calls = new ArrayList<>();
        SamArguments.Work work = new SamArguments.Work() {
            @Override
            public int segment(SamArguments.Segment args) {
                calls.add(args);
                return CommandLines.OK;
            }

            @Override
            public int pretrain(SamArguments.Pretrain args) {
                calls.add(args);
                return CommandLines.OK;
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(CommandLines.run(new SamArguments(work), List.of(), out, errStream)).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("segment or pretrain");
        assertThat(CommandLines.run(new SamArguments(work), List.of("segment", "--sam", "s", "--image", "i.png"), out,
                errStream)).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--point or a --box");
        assertThat(calls).isEmpty();
        assertThat(CommandLines.run(new SamArguments(work), List.of("segment", "--sam", "s", "--image", "i.png",
                "--box", "1,2,3,4"), out, errStream)).isZero();
        assertThat(calls).hasSize(1);
    }
}
