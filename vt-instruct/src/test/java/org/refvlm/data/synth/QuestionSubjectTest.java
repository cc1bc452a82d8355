package org.refvlm.data.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.refvlm.data.TaskType;

/** A question about one object names it by a phrase of the question; others name no subject. */
class QuestionSubjectTest {

    @Test
    void colourAndPositionQuestionsNameTheirObjectOthersNone() {
        SyntheticDataset scenes = new SyntheticDataset(new SynthOptions(400, Split.TEST, 11, List.of(TaskType.VQA),
                SceneConfig.DEFAULT, 1, false));
        SplittableRandom rnd = new SplittableRandom(5);
        int colour = 0, position = 0;
        for (long i = 0; i < 400; i++) {
            Scene scene = scenes.generate(i).scene();
            QuestionAnswer qa = QuestionGenerator.ask(scene, rnd);
            switch (qa.kind()) {
                case "colour" -> {
                    colour++;
                    QuestionAnswer.Subject s = qa.about().orElseThrow();
                    SceneObject o = scene.objects().get(s.object());
                    assertThat(s.phrase()).isEqualTo("the " + o.kind().noun());
                    assertThat(qa.question()).contains(s.phrase());
                    assertThat(qa.answer()).isEqualTo(o.colour().word());
                    assertThat(scene.objects().stream().filter(p -> p.kind() == o.kind())).hasSize(1);
                }
                case "position" -> {
                    position++;
                    QuestionAnswer.Subject s = qa.about().orElseThrow();
                    assertThat(qa.question()).isEqualTo("Where is " + s.phrase() + " in the picture?");
                    var b = scene.boxes().get(s.object());
                    assertThat(qa.answer()).isEqualTo(ImageRegion.of(b.centreX(), b.centreY(), scene.width(), scene.height()));
                }
                default -> assertThat(qa.about()).as(qa.question()).isEmpty();
            }
        }
        assertThat(colour).isGreaterThan(40);
        assertThat(position).isGreaterThan(40);
    }
}
