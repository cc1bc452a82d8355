package org.refvlm.data;

import org.junit.jupiter.api.Test;
import org.refvlm.trp.DecodingPlan;
import org.refvlm.trp.ParseResult;
import org.refvlm.trp.TrpParser;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrpAnswerBuilderTest {

    /** The platform's parser as the data module uses it: strict, data units, training form. */
    static final TrpParser TRAINING = TrpParser.builder().installedUnits(List.of("box", "mask", "keypoint", "depth"))
            .trainingForm().build();

    @Test
    void buildsTheDocumentedForm() {
        TrpAnswer a = new TrpAnswerBuilder().withTaskBlock(false)
                .phrase("dog", Unit.BOX, List.of(4, 7)).text(" chasing ").phrase("a ball", Unit.MASK, List.of(2)).build();
        assertThat(a.text()).isEqualTo("<Phrase>dog</Phrase>(<Unit>box</Unit>[0]<REF>[1]<REF>) chasing "
                + "<Phrase>a ball</Phrase>(<Unit>mask</Unit>[0]<REF>)");
        assertThat(a.groups()).hasSize(2);
        assertThat(a.groups().get(0).refs().get(Unit.BOX)).containsExactly(4, 7);
        assertThat(TRAINING.parse(a.text()).references()).hasSize(3);
    }

    @Test
    void taskBlockMatchesTheReferenceSpelling() {
        Map<Unit, List<Integer>> refs = new LinkedHashMap<>();
        refs.put(Unit.BOX, List.of(0, 1));
        refs.put(Unit.KEYPOINT, List.of(0, 1));
        TrpAnswer a = new TrpAnswerBuilder().phrase("person", refs).build();
        assertThat(a.text()).isEqualTo("<Task>\nUnit decode (True). Class name, target unit and number:\n"
                + "- Name: person Unit: box, keypoint Num: 2\n</Task>\n"
                + "<Phrase>person</Phrase>(<Unit>box, keypoint</Unit>[0]<REF>[1]<REF>)");
        ParseResult parsed = TRAINING.parse(a.text());
        assertThat(DecodingPlan.of(parsed.document()).entries())
                .containsExactly(new DecodingPlan.Entry("person", List.of("box", "keypoint"), 2));
        assertThat(new TrpAnswerBuilder().text("the red star").build().text())
                .isEqualTo("<Task>\nUnit decode (False).\n</Task>\nthe red star");
    }

    @Test
    void textCannotForgeTags() {
        TrpAnswer a = new TrpAnswerBuilder().withTaskBlock(false).text("a <b> c (<Unit>box</Unit>[0]<REF>)").build();
        ParseResult parsed = TRAINING.parse(a.text());
        assertThat(parsed.references()).isEmpty();
        assertThat(DecodingPlan.of(parsed.document()).entries()).isEmpty();
    }

    @Test
    void plainPhrasesAndEmptyAnswers() {
        TrpAnswer a = new TrpAnswerBuilder().plainPhrase("a").text(" and text").build();
        assertThat(a.text()).isEqualTo("<Task>\nUnit decode (False).\n</Task>\n<Phrase>a</Phrase> and text");
        TRAINING.parse(a.text());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TrpAnswerBuilder().text(" <> ").build())
                .isInstanceOf(IllegalStateException.class);
    }

    /** The validator reports the platform's diagnostics, each with its line and column, and empty answers. */
    @Test
    void validatorHoldsAnswersToTheTrainingForm() {
        Sample good = SampleReaderTest.recSample();
        assertThat(new SampleValidator(null).validate(good)).isEmpty();
        assertThat(new SampleValidator(null).validate(withAnswer(good, " "))).containsExactly("turns[0] answer: empty answer");
        String plan = "<Task>\nUnit decode (True). Class name, target unit and number:\n- Name: the red star Unit: box Num: 1\n</Task>\n";
        assertThat(new SampleValidator(null).validate(withAnswer(good, plan + "<Phrase>the red star</Phrase>(<Unit>box</Unit>[1]<REF>)")))
                .containsExactly("turns[0] answer: 5:47: INDEX_GAP: index [1] skips [0]");
        assertThat(new SampleValidator(null).validate(withAnswer(good, plan + "<Phrase>the red star</Phrase> (<Unit>box</Unit>[0]<REF>)")))
                .containsExactly("turns[0] answer: 5:31: NONCANONICAL_GROUNDING: whitespace between </Phrase> and its"
                        + " grounding: training answers write (<Unit>...</Unit>[0]<REF>...) right after </Phrase>");
    }

    private static Sample withAnswer(Sample s, String answer) {
        Turn t = s.turns().get(0);
        Turn changed = new Turn(t.hint(), t.user(), t.prompts(), answer, t.groups());
        return new Sample(s.id(), s.source(), s.task(), s.image(), s.targets(), s.prompts(), List.of(changed), s.meta());
    }
}
