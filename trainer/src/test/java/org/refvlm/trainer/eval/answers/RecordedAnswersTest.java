package org.refvlm.trainer.eval.answers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.CocoRle;
import org.refvlm.api.DepthMap;
import org.refvlm.api.DepthUnit;
import org.refvlm.api.Keypoint;
import org.refvlm.api.KeypointsUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Request;
import org.refvlm.api.Response;
import org.refvlm.api.RgbImage;

class RecordedAnswersTest {

    @TempDir
    Path dir;

    @Test
    void everyUnitReadsBackEqualToWhatWasRecorded() {
        boolean[] pixels = new boolean[6 * 5];
        pixels[7] = pixels[8] = pixels[13] = true;
        Response r = new Response("<Phrase>it</Phrase>(<Unit>box</Unit>[0]<REF>) ...", List.of(
                ReferredObject.decoded("it", 0, new BoxUnit(0.1 + 0.2, 1.0 / 3, 7.25, 9.5, 0.123456789012345)),
                ReferredObject.decoded("it", 1, new BoxUnit(1, 2, 3, 4, BoxUnit.NO_SCORE)),
                ReferredObject.decoded("cat", 0, new MaskUnit(CocoRle.encode(pixels, 6, 5), 0.5)),
                ReferredObject.decoded("man", 0, new KeypointsUnit(new BoxUnit(1, 1, 5, 5, 0.9),
                        List.of(new Keypoint("nose", 2.5, 3.25, Keypoint.VISIBLE, 0.7),
                                new Keypoint("ear", 0, 0, Keypoint.NOT_LABELLED)), "coco-person")),
                ReferredObject.decoded("scene", 0, new DepthUnit(new DepthMap(3, 2,
                        new float[] {0.1f, Float.MIN_VALUE, 3.4028235e38f, 1e-7f, 79.99f, 2}))),
                ReferredObject.failed("dog", "mask", 0, "decoder crashed")),
                List.of("unit keypoint: schema unknown"));
        Response back = AnswerJson.read(AnswerJson.write(r));
        assertThat(back).isEqualTo(r);
        assertThat(((BoxUnit) back.objects().get(1).value()).hasScore()).isFalse();
    }

    @Test
    void aRunSplitIntoShardsReadsBackWhole() throws IOException {
        List<Question> questions = questions(7);
        AnswerSource echo = (key, request) -> new Answer(new Response(key + ": " + request.prompt(), List.of(), List.of()), 0.25);
        for (int k = 0; k < 3; k++) {
            AnswerRecording.record(questions, k, 3, echo, dir.resolve("part-" + k + ".jsonl"), "m", Set.of("box"), n -> { });
        }
        RecordedAnswers answers = RecordedAnswers.read(dir);
        assertThat(answers.size()).isEqualTo(7);
        assertThat(answers.model()).isEqualTo("m");
        assertThat(answers.units()).containsExactly("box");
        for (Question q : questions) {
            assertThat(answers.answer(q.key(), null)).isEqualTo(
                    new Answer(new Response(q.key() + ": what is " + q.key(), List.of(), List.of()), 0.25));
        }
        assertThatThrownBy(() -> answers.answer("rec/absent", null)).hasMessageContaining("no answer was recorded");
        assertThat(answers.missing()).isEqualTo(1);
    }

    @Test
    void aFailedAnswerIsRecordedAndFailsAgainWhenScored() throws IOException {
        AnswerSource failing = (key, request) -> {
            throw new IllegalStateException("out of memory");
        };
        AnswerRecording.record(questions(1), 0, 1, failing, dir.resolve("a.jsonl"), "m", Set.of(), n -> { });
        RecordedAnswers answers = RecordedAnswers.read(dir);
        assertThatThrownBy(() -> answers.answer("rec/q0", null)).hasMessageContaining("out of memory")
                .hasMessageContaining("a.jsonl:2");
    }

    @Test
    void damageIsReportedWithItsPlace() throws IOException {
        List<Question> questions = questions(4);
        AnswerSource echo = (key, request) -> new Answer(new Response(key, List.of(), List.of()), 0);
        AnswerRecording.record(questions, 0, 2, echo, dir.resolve("part-0.jsonl"), "m", Set.of(), n -> { });
        assertThatThrownBy(() -> RecordedAnswers.read(dir)).hasMessageContaining("lacks the recordings of shard(s) [1] of 2");

        AnswerRecording.record(questions, 1, 2, echo, dir.resolve("part-1.jsonl"), "m", Set.of(), n -> { });
        Files.copy(dir.resolve("part-1.jsonl"), dir.resolve("part-1-again.jsonl"));
        assertThatThrownBy(() -> RecordedAnswers.read(dir)).hasMessageContaining("shard 1 is recorded twice");
        Files.delete(dir.resolve("part-1-again.jsonl"));

        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("part-1.jsonl")));
        lines.set(2, lines.get(2).substring(0, 10));
        Files.write(dir.resolve("part-1.jsonl"), lines);
        assertThatThrownBy(() -> RecordedAnswers.read(dir)).hasMessageContaining("part-1.jsonl:3: not JSON");

        Files.writeString(dir.resolve("part-1.jsonl"), "{\"model\": \"m\"}\n");
        assertThatThrownBy(() -> RecordedAnswers.read(dir)).hasMessageContaining("part-1.jsonl:1: not a recording");
        assertThatThrownBy(() -> RecordedAnswers.read(dir.resolve("nothing-here"))).isInstanceOf(IOException.class);
    }

    @Test
    void shardsThatDoNotExistAreRefused() {
        assertThatThrownBy(() -> AnswerRecording.record(questions(1), 2, 2, null, dir.resolve("x.jsonl"), "m", Set.of(),
                n -> { })).hasMessageContaining("shard 2 of 2 does not exist");
    }

    /** n questions about one small picture, asking "what is <key>". */
    private List<Question> questions(int n) throws IOException {
        Path picture = dir.resolve("pictures/p.png");
        Files.createDirectories(picture.getParent());
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", picture.toFile());
        List<Question> questions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = Question.key("rec", "q" + i);
            questions.add(new Question(key, picture, (RgbImage image) -> Request.builder(image, "what is " + key).build()));
        }
        return questions;
    }
}
