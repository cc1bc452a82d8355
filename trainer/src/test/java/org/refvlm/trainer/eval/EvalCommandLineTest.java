package org.refvlm.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.refvlm.trainer.eval.tasks.SuiteTask;

class EvalCommandLineTest {

    @Test
    void defaults() {
        EvalCommandLine a = EvalCommandLine.parse(List.of("--task", "rec", "--data", "d"));
        assertThat(a.referringTask()).isEqualTo(EvalTask.REC);
        assertThat(a.otherTask()).isNull();
        assertThat(a.maxTokens()).isEqualTo(128);
        assertThat(a.limit()).isZero();
        assertThat(a.model()).isNull();
        assertThat(a.out()).isEqualTo(Path.of("d", "eval-rec"));
    }

    @Test
    void allOptions() {
        EvalCommandLine a = EvalCommandLine.parse(List.of("--task", "OVD", "--data", "d", "--model", "m",
                "--limit", "10", "--max-tokens", "64", "--out", "o", "--decoder", "box=detr", "--decoder", "mask = sam",
                "--coco-gt", "instances.json"));
        assertThat(a).isEqualTo(new EvalCommandLine("ovd", Path.of("d"), null, Path.of("m"),
                Map.of("box", "detr", "mask", "sam"), 10, 64, Path.of("o"), Path.of("instances.json"), 0, 0, null, null, false));
        assertThat(a.otherTask()).isEqualTo(SuiteTask.OVD);
    }

    @Test
    void aShardRecordsItsAnswersAndALaterRunScoresThem() {
        EvalCommandLine a = EvalCommandLine.parse(List.of("--task", "rec", "--data", "d", "--shard", "2/5",
                "--answers-out", "a/part-2.jsonl"));
        assertThat(a.shard()).isEqualTo(2);
        assertThat(a.shards()).isEqualTo(5);
        assertThat(a.answersOut()).isEqualTo(Path.of("a/part-2.jsonl"));
        assertThat(EvalCommandLine.parse(List.of("--suite", "s", "--answers-from", "a")).answersFrom()).isEqualTo(Path.of("a"));
    }

    @Test
    void shardOptionsThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> EvalCommandLine.parse(List.of("--task", "rec", "--data", "d", "--shard", "5/5",
                "--answers-out", "f"))).hasMessageContaining("0 <= K < N");
        assertThatThrownBy(() -> EvalCommandLine.parse(List.of("--task", "rec", "--data", "d", "--shard", "x",
                "--answers-out", "f"))).hasMessageContaining("K/N");
        assertThatThrownBy(() -> EvalCommandLine.parse(List.of("--task", "rec", "--data", "d", "--shard", "0/2")))
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> EvalCommandLine.parse(List.of("--task", "rec", "--data", "d", "--answers-from", "a",
                "--model", "m"))).hasMessageContaining("asks no model");
    }

    @Test
    void aSuiteAsksAFewHundredQuestionsPerTaskUnlessTold() {
        EvalCommandLine a = EvalCommandLine.parse(List.of("--suite", "s"));
        assertThat(a.suite()).isEqualTo(Path.of("s"));
        assertThat(a.limit()).isEqualTo(EvalCommandLine.DEFAULT_SUITE_LIMIT);
        assertThat(a.out()).isEqualTo(Path.of("s", "eval-suite"));
    }

    @Test
    void problemsAreNamed() {
        assertThatThrownBy(() -> EvalCommandLine.parse(List.of("--task", "gcgx", "--data", "d")))
                .hasMessageContaining("unknown task 'gcgx'");
        assertThatThrownBy(() -> EvalCommandLine.parse(List.of("--data", "d"))).hasMessageContaining("either --task");
        assertThatThrownBy(() -> EvalCommandLine.parse(List.of("--task", "rec"))).hasMessageContaining("--task needs --data");
        assertThatThrownBy(() -> EvalCommandLine.parse(List.of("--task", "rec", "--data", "d", "--limit", "0")))
                .hasMessageContaining("--limit must be positive");
        assertThatThrownBy(() -> EvalCommandLine.parse(List.of("--task", "rec", "--data")))
                .hasMessageContaining("--data");
        assertThatThrownBy(() -> EvalCommandLine.parse(List.of("--task", "rec", "--data", "d", "--seed", "1")))
                .hasMessageContaining("--seed");
        assertThatThrownBy(() -> EvalCommandLine.parse(List.of("--task", "rec", "--data", "d", "--decoder", "box")))
                .hasMessageContaining("UNIT=NAME");
        assertThatThrownBy(() -> EvalCommandLine.parse(List.of("--task", "rec", "--data", "d", "--coco-gt", "x")))
                .hasMessageContaining("--coco-gt is for");
        assertThat(EvalCommandLine.parse(List.of("--help")).help()).isTrue();
    }
}
