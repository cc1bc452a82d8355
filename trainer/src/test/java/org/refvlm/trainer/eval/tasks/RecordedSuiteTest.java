package org.refvlm.trainer.eval.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.Response;
import org.refvlm.data.TaskType;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.Split;
import org.refvlm.data.synth.SynthOptions;
import org.refvlm.data.synth.SyntheticDataset;
import org.refvlm.trainer.eval.Evaluator;
import org.refvlm.trainer.eval.answers.Answer;
import org.refvlm.trainer.eval.answers.AnswerRecording;
import org.refvlm.trainer.eval.answers.AnswerSource;
import org.refvlm.trainer.eval.answers.Question;
import org.refvlm.trainer.eval.answers.RecordedAnswers;

/**
 * A suite scored from answers recorded shard by shard gives every number a suite asking the model
 * gives: the keys, the order of the questions and every decoded value (boxes, masks, keypoints, depth
 * maps) survive the recording.
 */
class RecordedSuiteTest {

    private static final int LIMIT = 6;
    private static final Set<String> UNITS = Set.of("box", "mask", "keypoint", "depth");

    @TempDir
    Path dir;

    @Test
    void shardsRecordedThenScoredGiveTheNumbersOfOneLiveRun() throws IOException {
        Path data = dir.resolve("data");
        new SyntheticDataset(new SynthOptions(120, Split.TEST, 9, List.of(TaskType.values()), SceneConfig.DEFAULT, 4, true))
                .writeTo(data, n -> { });
        AnswerSource model = noisyOracle(data);

        List<SuiteEntry> live = new Suite(model, Evaluator.greedy(8), "oracle", UNITS::contains,
                OpenVocabularyScorer.Ids.GENERATED).run(data, dir.resolve("live"), LIMIT, quiet());

        List<Question> questions = Suite.questions(data, LIMIT, UNITS::contains);
        assertThat(questions).extracting(Question::key).doesNotHaveDuplicates();
        int recorded = 0;
        for (int shard = 0; shard < 3; shard++) {
            recorded += AnswerRecording.record(questions, shard, 3, model, dir.resolve("answers/part-" + shard + ".jsonl"),
                    "oracle", UNITS, n -> { });
        }
        assertThat(recorded).isEqualTo(questions.size());
        RecordedAnswers answers = RecordedAnswers.read(dir.resolve("answers"));
        List<SuiteEntry> scored = new Suite(answers, Evaluator.greedy(8), answers.model(), answers.units()::contains,
                OpenVocabularyScorer.Ids.GENERATED).run(data, dir.resolve("scored"), LIMIT, quiet());

        assertThat(answers.missing()).isZero();
        assertThat(scored).hasSameSizeAs(live);
        for (int i = 0; i < live.size(); i++) {
            SuiteEntry l = live.get(i), s = scored.get(i);
            assertThat(s.task()).isEqualTo(l.task());
            assertThat(s.status()).as(l.task()).isEqualTo(SuiteEntry.MEASURED).isEqualTo(l.status());
            assertThat(s.asked()).as(l.task()).isEqualTo(l.asked());
            // the time per answer too: the recording keeps what the model took
            assertThat(s.metrics()).as(l.task()).isEqualTo(l.metrics()).isNotEmpty();
        }
    }

    /** The perfect answer, except for every third question (by key), answered with nothing: numbers in between. */
    private static AnswerSource noisyOracle(Path data) throws IOException {
        Map<String, TurnItem> turns = TurnDataset.load(data, Set.of(TaskType.values()), 0).items().stream()
                .collect(Collectors.toMap(TurnItem::key, t -> t));
        return (key, request) -> {
            String item = key.substring(key.indexOf('/') + 1);
            TurnItem turn = turns.get(item.contains("#") ? item : item + "#0");
            if (Math.floorMod(key.hashCode(), 3) == 0) {
                return new Answer(new Response("no idea", List.of(), List.of()), 0.5);
            }
            return new Answer(Oracle.answer(turn), 0.5);
        };
    }

    private static Suite.Listener quiet() {
        return new Suite.Listener() {
            @Override
            public void taskStarted(String task, int questions) {
            }

            @Override
            public void answered(String task, int done, int total, String running) {
            }

            @Override
            public void taskFinished(SuiteEntry entry) {
            }
        };
    }
}
