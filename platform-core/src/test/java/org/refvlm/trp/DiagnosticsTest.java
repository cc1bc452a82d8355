package org.refvlm.trp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.refvlm.trp.DiagnosticCode.*;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every diagnostic, with an example that shows it, the complete list of problems that example
 * has (strict mode must report every one) and the position of the one it illustrates.
 */
class DiagnosticsTest {

    /**
     * An example of {@code code} at {@code line:column}; {@code all} are all problems of the text,
     * parsed with the training-form rules when {@code training} is set.
     */
    record Example(DiagnosticCode code, String text, int line, int column, List<DiagnosticCode> all, boolean training) {
        Example(DiagnosticCode code, String text, int line, int column, List<DiagnosticCode> all) {
            this(code, text, line, column, all, false);
        }

        @Override
        public String toString() {
            return code + (training ? " (training form)" : "") + ": " + text.replace("\n", "\\n");
        }
    }

    private static final String PLAN = "<Task>\nUnit decode (True). Class name, target unit and number:\n";

    private static final Set<String> INSTALLED = Set.of("box", "mask");

    static Stream<Example> examples() {
        return Stream.of(
                new Example(UNCLOSED_TAG, "<Phrase>a</Phrase>(<Unit>box[0]<REF>)", 1, 20, List.of(UNCLOSED_TAG)),
                new Example(UNCLOSED_TAG, "<Phrase>dog", 1, 1, List.of(UNCLOSED_TAG)),
                new Example(UNMATCHED_CLOSING_TAG, "dog</Phrase>", 1, 4, List.of(UNMATCHED_CLOSING_TAG)),
                new Example(UNMATCHED_CLOSING_TAG, "<Phrase>a</Phrase>(<Unit>box</Unit></Unit>[0]<REF>)", 1, 36,
                        List.of(UNMATCHED_CLOSING_TAG)),
                new Example(CROSSING_TAGS, "<Phrase>a<Unit>b</Phrase></Unit>", 1, 17,
                        List.of(GROUNDING_WITHOUT_PHRASE, UNKNOWN_UNIT, UNIT_WITHOUT_REFERENCE, CROSSING_TAGS,
                                UNMATCHED_CLOSING_TAG)),
                new Example(CROSSING_TAGS, "<Phrase>a<Phrase>b</Phrase>(<Unit>box</Unit>[0]<REF></Phrase>)", 1, 53,
                        List.of(CROSSING_TAGS)),
                new Example(UNCLOSED_GROUP, "<Phrase>a</Phrase>(<Unit>box</Unit>[0]<REF> and more", 1, 19,
                        List.of(UNCLOSED_GROUP)),
                new Example(MALFORMED_GROUP, "<Phrase>a</Phrase>(<Unit>box</Unit>[0]<REF>,)", 1, 45,
                        List.of(MALFORMED_GROUP)),
                new Example(MALFORMED_GROUP, "<Phrase>a</Phrase>(<Unit>box</Unit>[0]<REF><Unit>mask</Unit>[0]<REF>)",
                        1, 44, List.of(MALFORMED_GROUP)),
                new Example(TRUNCATED, "<Phrase>a</Phrase>\n(<Unit>box</Unit>[0]<REF>", 2, 1, List.of(TRUNCATED)),
                new Example(TRUNCATED, "<Phrase>capybaras</Phrase> ((<Unit>box</Unit>[0]<REF>[1]<REF>),<Unit>box</Unit>[0]",
                        1, 28, List.of(TRUNCATED, UNIT_WITHOUT_REFERENCE)),
                new Example(TRUNCATED, "<Phrase>a</Phrase>(<Unit>bo", 1, 19,
                        List.of(TRUNCATED, TRUNCATED, UNKNOWN_UNIT, UNIT_WITHOUT_REFERENCE)),
                new Example(TRUNCATED, "<Phrase>a</Phrase><Phr", 1, 19, List.of(TRUNCATED)),
                new Example(TRUNCATED, "<Task>cut", 1, 1, List.of(TRUNCATED)),
                new Example(MARKUP_IN_TASK, "<Task>- Name: <Phrase>dog</Phrase></Task>dog", 1, 15,
                        List.of(MARKUP_IN_TASK, MARKUP_IN_TASK)),
                new Example(EMPTY_UNIT_WORD, "<Phrase>a</Phrase>(<Unit>box,,mask</Unit>[0]<REF>)", 1, 20,
                        List.of(EMPTY_UNIT_WORD)),
                new Example(NESTING_TOO_DEEP, "<Phrase>".repeat(129) + "x" + "</Phrase>".repeat(129), 1, 1025,
                        List.of(NESTING_TOO_DEEP, UNMATCHED_CLOSING_TAG)),
                new Example(REF_WITHOUT_UNIT, "<Phrase>dogs</Phrase> [0]<REF>[1]<REF>", 1, 23,
                        List.of(REF_WITHOUT_UNIT, REF_WITHOUT_UNIT)),
                new Example(MISSING_INDEX, "<Phrase>a</Phrase>(<Unit>box</Unit><REF>)", 1, 36, List.of(MISSING_INDEX)),
                new Example(INDEX_GAP, "<Phrase>a</Phrase>(<Unit>box</Unit>[0]<REF>[2]<REF>)", 1, 44, List.of(INDEX_GAP)),
                new Example(DUPLICATE_INDEX, "<Phrase>a</Phrase>(<Unit>box</Unit>[0]<REF>[0]<REF>)", 1, 44,
                        List.of(DUPLICATE_INDEX)),
                new Example(INDEX_OUT_OF_ORDER, "<Phrase>a</Phrase>(<Unit>box</Unit>[1]<REF>[0]<REF>)", 1, 44,
                        List.of(INDEX_GAP, INDEX_OUT_OF_ORDER)),
                new Example(EMPTY_PHRASE, "<Phrase> </Phrase>", 1, 1, List.of(EMPTY_PHRASE)),
                new Example(EMPTY_UNIT, "<Phrase>a</Phrase>(<Unit> </Unit>[0]<REF>)", 1, 20, List.of(EMPTY_UNIT)),
                new Example(DUPLICATE_UNIT, "<Phrase>a</Phrase>(<Unit>box, box</Unit>[0]<REF>)", 1, 20,
                        List.of(DUPLICATE_UNIT)),
                new Example(UNKNOWN_UNIT, "<Phrase>road</Phrase>\n(<Unit>depth</Unit>[0]<REF>)", 2, 2,
                        List.of(UNKNOWN_UNIT)),
                new Example(UNIT_WITHOUT_REFERENCE, "<Phrase>a</Phrase><Unit>box</Unit>.", 1, 19,
                        List.of(UNIT_WITHOUT_REFERENCE)),
                new Example(GROUNDING_WITHOUT_PHRASE, "look (<Unit>box</Unit>[0]<REF>)", 1, 6,
                        List.of(GROUNDING_WITHOUT_PHRASE)),
                new Example(MISPLACED_TASK_BLOCK, "answer\n<Task>x</Task>", 2, 1, List.of(MISPLACED_TASK_BLOCK)),
                new Example(MISPLACED_TASK_BLOCK, " <Task>\nUnit decode (False).\n</Task>\nno", 1, 1,
                        List.of(MISPLACED_TASK_BLOCK), true),
                new Example(ANGLE_BRACKET_IN_TEXT, "the <image> shows <Phrase>a</Phrase>(<Unit>box</Unit>[0]<REF>)", 1, 5,
                        List.of(ANGLE_BRACKET_IN_TEXT, ANGLE_BRACKET_IN_TEXT), true),
                new Example(ANGLE_BRACKET_IN_TEXT, "<Task>\nx<y\n</Task>\nz", 2, 2,
                        List.of(TASK_BLOCK_MISMATCH, ANGLE_BRACKET_IN_TEXT), true),
                new Example(NONCANONICAL_GROUNDING, "<Phrase>a</Phrase><Unit>box</Unit>[0]<REF>", 1, 19,
                        List.of(NONCANONICAL_GROUNDING), true),
                new Example(NONCANONICAL_GROUNDING, "<Phrase>a</Phrase> (<Unit>box</Unit>[0]<REF>)", 1, 20,
                        List.of(NONCANONICAL_GROUNDING), true),
                new Example(NONCANONICAL_GROUNDING, "<Phrase>a</Phrase>(<Unit>box</Unit>[0]<REF>)(<Unit>mask</Unit>[0]<REF>)",
                        1, 45, List.of(NONCANONICAL_GROUNDING), true),
                new Example(NONCANONICAL_GROUNDING, "<Phrase>a</Phrase>((<Unit>box</Unit>[0]<REF>),<Unit>box</Unit>[0]<REF>)",
                        1, 19, List.of(NONCANONICAL_GROUNDING), true),
                new Example(NONCANONICAL_GROUNDING, "<Phrase>a</Phrase>((<Unit>box</Unit>[0]<REF>))", 1, 19,
                        List.of(NONCANONICAL_GROUNDING), true),
                new Example(NONCANONICAL_GROUNDING, "<Phrase>a</Phrase>(<Unit>box,mask</Unit>[0]<REF> [1]<REF>)", 1, 19,
                        List.of(NONCANONICAL_GROUNDING), true),
                new Example(NONCANONICAL_GROUNDING, "<Phrase>a</Phrase>(<Unit>box</Unit>[00]<REF>)", 1, 19,
                        List.of(NONCANONICAL_GROUNDING), true),
                new Example(TASK_BLOCK_MISMATCH, "<Task>\nUnit decode (False).\n</Task>\n<Phrase>a</Phrase>(<Unit>box</Unit>[0]<REF>)",
                        1, 1, List.of(TASK_BLOCK_MISMATCH), true),
                new Example(TASK_BLOCK_MISMATCH, PLAN + "- Name: a Unit: box Num: 2\n</Task>\n<Phrase>a</Phrase>(<Unit>box</Unit>[0]<REF>)",
                        3, 1, List.of(TASK_BLOCK_MISMATCH), true),
                new Example(TASK_BLOCK_MISMATCH, PLAN + "- Nom: a\n</Task>\n<Phrase>a</Phrase>(<Unit>box</Unit>[0]<REF>)",
                        3, 1, List.of(TASK_BLOCK_MISMATCH), true),
                new Example(TASK_BLOCK_MISMATCH, PLAN + "</Task>\n<Phrase>a</Phrase>(<Unit>box</Unit>[0]<REF>)",
                        1, 1, List.of(TASK_BLOCK_MISMATCH), true),
                new Example(TASK_BLOCK_MISMATCH, "<Task>\nUnit decode (Maybe).\n</Task>\nno", 2, 1,
                        List.of(TASK_BLOCK_MISMATCH), true));
    }

    private static TrpParser parser(ParseMode mode, Example example) {
        TrpParser.Builder builder = TrpParser.builder().mode(mode).installedUnits(INSTALLED);
        return (example.training() ? builder.trainingForm() : builder).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void lenientModeReportsEveryProblemWithItsPosition(Example example) {
        ParseResult result = parser(ParseMode.LENIENT, example).parse(example.text());
        assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactlyElementsOf(example.all());
        Diagnostic shown = result.diagnostics().stream().filter(d -> d.code() == example.code()).findFirst().orElseThrow();
        assertThat(List.of(shown.line(), shown.column())).containsExactly(example.line(), example.column());
        assertThat(shown.message()).isNotBlank();
        assertThat(shown.span().isKnown()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void strictModeThrowsTheSameProblems(Example example) {
        List<Diagnostic> lenient = parser(ParseMode.LENIENT, example).parse(example.text()).diagnostics();
        assertThatThrownBy(() -> parser(ParseMode.STRICT, example).parse(example.text()))
                .isInstanceOfSatisfying(TrpSyntaxException.class, e -> assertThat(e.diagnostics()).isEqualTo(lenient));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void streamingReportsTheSameProblems(Example example) {
        List<Diagnostic> whole = parser(ParseMode.LENIENT, example).parse(example.text()).diagnostics();
        TrpStreamParser stream = parser(ParseMode.LENIENT, example).stream(TrpListener.NONE);
        for (int i = 0; i < example.text().length(); i++) {
            stream.feed(example.text().substring(i, i + 1), i);
        }
        assertThat(stream.finish().diagnostics()).isEqualTo(whole);
    }

    @Test
    void everyCodeHasAnExample() {
        Set<DiagnosticCode> shown = EnumSet.noneOf(DiagnosticCode.class);
        examples().forEach(e -> shown.add(e.code()));
        assertThat(shown).containsExactlyInAnyOrder(DiagnosticCode.values());
    }

    @Test
    void diagnosticsAreOrderedByPosition() {
        ParseResult result = TrpParser.lenient().parse("<Phrase></Phrase>(<Unit>box</Unit>[1]<REF>) [0]<REF> </Unit>");
        assertThat(result.diagnostics()).extracting(Diagnostic::offset).isSorted();
    }

    @Test
    void columnsCountFromOneOnEachLine() {
        ParseResult result = TrpParser.lenient().parse("line one\r\nline two </Phrase>");
        assertThat(result.diagnostics()).singleElement()
                .satisfies(d -> assertThat(List.of(d.line(), d.column(), d.offset())).containsExactly(2, 10, 19));
    }

    @Test
    void validatorOnTreesBuiltInCodeHasNoPositions() {
        TrpDocument tree = TrpDocument.of(Phrase.of("a"), UnitDeclaration.of(0, "box", "depth"));
        List<Diagnostic> problems = TrpValidator.forInstalledUnits(u -> u.equals("box")).validate(tree);
        assertThat(problems).extracting(Diagnostic::code).containsExactly(UNKNOWN_UNIT, UNIT_WITHOUT_REFERENCE);
        assertThat(problems).allSatisfy(d -> assertThat(d.line()).isZero());
    }
}
