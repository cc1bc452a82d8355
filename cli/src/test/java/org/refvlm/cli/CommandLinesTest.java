package org.refvlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

class CommandLinesTest {

    @Command(name = "greet", description = "Greets someone.")
    static final class Greet implements Callable<Integer> {
        @Option(names = "--times", description = "how often", defaultValue = "1")
        int times;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException {
            if (name.equals("nobody")) {
                throw new IOException("/tmp/nobody: no such file");
            }
            for (int i = 0; i < times; i++) {
                System.out.print("");
            }
            return 0;
        }
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return CommandLines.run(new Greet(), List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsUsageOnStandardOutputWithStatusZero() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: greet [-h] [--times=<times>] NAME")
                .contains("-h, --help").contains("print this help and exit");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void usageErrorsNameTheCommandAndTheProblemWithStatusTwo() {
        assertThat(run("--times", "many", "x")).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("greet: Invalid value for option '--times': 'many' is not an int\nUsage: greet");
        err.reset();
        assertThat(run("--colour", "x")).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("greet: Unknown option: '--colour'\n");
    }

    @Test
    void failuresPrintTheMessageWithStatusOne() {
        assertThat(run("nobody")).isEqualTo(CommandLines.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("greet: /tmp/nobody: no such file\n");
        assertThat(run("somebody")).isZero();
    }
}
