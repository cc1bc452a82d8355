package org.refvlm.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvalCommandLineTest {

    @Test
    void defaults() {
        EvalCommandLine a = EvalCommandLine.parse(List.of("--task", "rec", "--data", "d"));
        assertThat(a.task()).isEqualTo(EvalTask.REC);
        assertThat(a.maxTokens()).isEqualTo(128);
        assertThat(a.limit()).isZero();
        assertThat(a.model()).isNull();
        assertThat(a.out()).isEqualTo(Path.of("d", "eval-rec"));
    }

    @Test
    void allOptions() {
        EvalCommandLine a = EvalCommandLine.parse(List.of("--task", "RES", "--data", "d", "--model", "m",
                "--limit", "10", "--max-tokens", "64", "--out", "o"));
        assertThat(a).isEqualTo(new EvalCommandLine(EvalTask.RES, Path.of("d"), Path.of("m"), 10, 64, Path.of("o"), false));
    }

    @Test
    void problemsAreNamed() {
        assertThatThrownBy(() -> EvalCommandLine.parse(List.of("--task", "gcg", "--data", "d")))
                .hasMessageContaining("unknown task 'gcg'");
        assertThatThrownBy(() -> EvalCommandLine.parse(List.of("--data", "d"))).hasMessageContaining("required");
        assertThatThrownBy(() -> EvalCommandLine.parse(List.of("--task", "rec", "--data", "d", "--limit", "0")))
                .hasMessageContaining("--limit must be positive");
        assertThatThrownBy(() -> EvalCommandLine.parse(List.of("--task", "rec", "--data")))
                .hasMessageContaining("--data needs a value");
        assertThatThrownBy(() -> EvalCommandLine.parse(List.of("--task", "rec", "--data", "d", "--seed", "1")))
                .hasMessageContaining("unknown option '--seed'");
        assertThat(EvalCommandLine.parse(List.of("--help")).help()).isTrue();
    }
}
