package org.refvlm.trp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.refvlm.trp.DiagnosticCode.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rules for training answers ({@link TrpParser.Builder#trainingForm()}): what the data module's
 * answers look like passes, every other spelling the grammar accepts is reported.
 */
class TrainingFormTest {

    private static final TrpParser TRAINING = TrpParser.builder().mode(ParseMode.LENIENT)
            .installedUnits(Set.of("box", "mask", "keypoint", "depth")).trainingForm().build();
    private static final String PLAN = "<Task>\nUnit decode (True). Class name, target unit and number:\n";

    private static List<DiagnosticCode> codes(String text) {
        return TRAINING.parse(text).diagnostics().stream().map(Diagnostic::code).toList();
    }

    @Test
    void acceptsTheFormsTrainingAnswersUse() {
        String[] good = {
            "<Phrase>dog</Phrase>(<Unit>box</Unit>[0]<REF>[1]<REF>) chasing <Phrase>a ball</Phrase>(<Unit>mask</Unit>[0]<REF>)",
            PLAN + "- Name: person Unit: box, keypoint Num: 2\n</Task>\n<Phrase>person</Phrase>(<Unit>box, keypoint</Unit>[0]<REF>[1]<REF>)",
            "<Task>\nUnit decode (False).\n</Task>\nthe red star",
            "<Phrase><Phrase>dog</Phrase>(<Unit>box</Unit>[0]<REF>) in <Phrase>park</Phrase>(<Unit>mask</Unit>[0]<REF>)</Phrase>",
            "<Phrase>a</Phrase> and text",
            "a dog (brown, small) [3] and f(x)",
            "",
        };
        for (String text : good) {
            assertThat(TRAINING.parse(text).diagnostics()).as(text).isEmpty();
        }
    }

    /** What the data module's own checker rejected before the platform took its rules over. */
    @Test
    void rejectsWhatTrainingAnswersMustNotSay() {
        String ground = "<Phrase>dog</Phrase>";
        assertThat(codes(ground + "(<Unit>box</Unit>[1]<REF>)")).containsExactly(INDEX_GAP);
        assertThat(codes(ground + "(<Unit>box</Unit>[0]<REF>[2]<REF>)")).containsExactly(INDEX_GAP);
        assertThat(codes(ground + "(<Unit>box</Unit>)")).containsExactly(UNIT_WITHOUT_REFERENCE);
        assertThat(codes(ground + "(<Unit>point</Unit>[0]<REF>)")).containsExactly(UNKNOWN_UNIT);
        assertThat(codes(ground + "(<Unit>Box</Unit>[0]<REF>)")).containsExactly(UNKNOWN_UNIT);
        assertThat(codes(ground + "(<Unit> box</Unit>[0]<REF>)")).containsExactly(NONCANONICAL_GROUNDING);
        assertThat(codes(ground + "(<Unit>box,mask</Unit>[0]<REF>)")).containsExactly(NONCANONICAL_GROUNDING);
        assertThat(codes(ground + "(<Unit>box, box</Unit>[0]<REF>)")).containsExactly(DUPLICATE_UNIT);
        assertThat(codes(ground + "(<Unit>box</Unit>[0]<REF>")).containsExactly(TRUNCATED);
        assertThat(codes("<Phrase>dog(<Unit>box</Unit>[0]<REF>)")).containsExactly(UNCLOSED_TAG, GROUNDING_WITHOUT_PHRASE);
        assertThat(codes("dog</Phrase>")).containsExactly(UNMATCHED_CLOSING_TAG);
        assertThat(codes("<REF> alone")).containsExactly(REF_WITHOUT_UNIT, MISSING_INDEX);
        assertThat(codes("text <image> text")).containsExactly(ANGLE_BRACKET_IN_TEXT, ANGLE_BRACKET_IN_TEXT);
        assertThat(codes("a <Task>x</Task>")).containsExactly(MISPLACED_TASK_BLOCK, TASK_BLOCK_MISMATCH);
        assertThat(codes("<Task>\nUnit decode (False).\n</Task>\n" + ground + "(<Unit>box</Unit>[0]<REF>)"))
                .containsExactly(TASK_BLOCK_MISMATCH);
        assertThat(codes(PLAN + "- Name: dog Unit: box Num: 2\n</Task>\n" + ground + "(<Unit>box</Unit>[0]<REF>)"))
                .containsExactly(TASK_BLOCK_MISMATCH);
        assertThat(codes("<Phrase></Phrase>(<Unit>box</Unit>[0]<REF>)")).containsExactly(EMPTY_PHRASE);
        assertThat(codes(ground + "(<Unit>box</Unit>[0]<REF> )")).containsExactly(NONCANONICAL_GROUNDING);
        assertThat(codes(ground + "(<Unit>box</Unit>[0]<REF> [1]<REF>)")).containsExactly(NONCANONICAL_GROUNDING);
        assertThat(codes("<Task>\nUnit decode (False).\n" + ground)).containsExactly(TRUNCATED, MARKUP_IN_TASK, MARKUP_IN_TASK);
    }

    @Test
    void messagesNameTheProblemAndItsPlace() {
        ParseResult r = TRAINING.parse("<Phrase>dog</Phrase>(<Unit>box,mask</Unit>[0]<REF>)");
        assertThat(r.diagnostics()).singleElement().hasToString("1:21: NONCANONICAL_GROUNDING: the grounding is written"
                + " '(<Unit>box,mask</Unit>[0]<REF>)'; training answers write it '(<Unit>box, mask</Unit>[0]<REF>)'");
        r = TRAINING.parse(PLAN + "- Name: dog Unit: box Num: 2\n</Task>\n<Phrase>dog</Phrase>(<Unit>box</Unit>[0]<REF>)");
        assertThat(r.diagnostics()).singleElement().hasToString("3:1: TASK_BLOCK_MISMATCH: task block line"
                + " '- Name: dog Unit: box Num: 2' does not match grounding 1 of the answer, '- Name: dog Unit: box Num: 1'");
        r = TRAINING.parse("a > b");
        assertThat(r.diagnostics()).singleElement().hasToString("1:3: ANGLE_BRACKET_IN_TEXT: '>' that is not part of a"
                + " TRP tag: training answers have no '<' or '>' outside the tags");
    }

    @Test
    void modelOutputIsNotHeldToTheTrainingForm() {
        String text = " <Task>x</Task> <Phrase>dog</Phrase> <Unit>box</Unit>[0]<REF> [1]<REF> <image>";
        assertThat(TrpParser.strict().parse(text).isWellFormed()).isTrue();
        assertThat(codes(text)).contains(MISPLACED_TASK_BLOCK, TASK_BLOCK_MISMATCH, NONCANONICAL_GROUNDING,
                ANGLE_BRACKET_IN_TEXT);
    }

    @Test
    void treesBuiltInCodeAreCheckedWithoutSpelling() {
        TrpDocument tree = TrpBuilder.document().phrase("dog").text(" ").group(g -> g.unit(1, "box")).text(" <b>").build();
        List<Diagnostic> problems = TrpValidator.structural().withTrainingForm().validate(tree);
        assertThat(problems).extracting(Diagnostic::code).containsExactly(NONCANONICAL_GROUNDING, ANGLE_BRACKET_IN_TEXT,
                ANGLE_BRACKET_IN_TEXT);
        assertThat(problems).allSatisfy(d -> assertThat(d.span().isKnown()).isFalse());
        assertThat(TrpValidator.structural().validate(tree)).isEmpty();
    }

    @Test
    void planSpellsTheReferenceTaskBlock() {
        TrpDocument answer = TrpBuilder.document().grounded("person", 2, "box", "keypoint").text(" and ")
                .grounded("star", 1, "mask").build();
        DecodingPlan plan = DecodingPlan.of(answer);
        assertThat(plan.entries()).containsExactly(new DecodingPlan.Entry("person", List.of("box", "keypoint"), 2),
                new DecodingPlan.Entry("star", List.of("mask"), 1));
        assertThat(plan.content()).isEqualTo("\nUnit decode (True). Class name, target unit and number:\n"
                + "- Name: person Unit: box, keypoint Num: 2\n- Name: star Unit: mask Num: 1\n");
        assertThat(DecodingPlan.of(TrpBuilder.document().text("no").build()).content()).isEqualTo("\nUnit decode (False).\n");
        String withPlan = TrpSerializer.serialize(TrpBuilder.document().task(plan.content()).text("\n")
                .node(answer.nodes().get(0)).node(answer.nodes().get(1)).node(answer.nodes().get(2)).node(answer.nodes().get(3))
                .node(answer.nodes().get(4)).build());
        assertThat(TRAINING.parse(withPlan).diagnostics()).isEmpty();
    }

    @Test
    void planFollowsNestingAndGroupsInTextOrder() {
        TrpDocument tree = TRAINING.parse("<Phrase> <Phrase>dog</Phrase>(<Unit>box</Unit>[0]<REF>) in the park </Phrase>"
                + "((<Unit>box</Unit>[0]<REF>),<Unit>mask</Unit>[0]<REF>[1]<REF>) text (<Unit>box</Unit>[0]<REF>)").document();
        assertThat(DecodingPlan.of(tree).entries()).extracting(DecodingPlan.Entry::line).containsExactly(
                "- Name: dog Unit: box Num: 1",
                "- Name: dog in the park Unit: box Num: 1",
                "- Name: dog in the park Unit: mask Num: 2");
    }
}
