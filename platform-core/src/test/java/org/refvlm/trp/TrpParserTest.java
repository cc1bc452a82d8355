package org.refvlm.trp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.refvlm.trp.Trees.withoutSpans;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One test per construct of the grammar: the tree and the resolved references it gives. */
class TrpParserTest {

    private static ParseResult strict(String text) {
        return TrpParser.strict().parse(text);
    }

    @Test
    void plainTextIsOneTextNode() {
        ParseResult result = strict("The answer is yes.");
        assertThat(result.document().nodes()).containsExactly(new Text("The answer is yes.", new Span(0, 18)));
        assertThat(result.references()).isEmpty();
    }

    @Test
    void emptyInputIsAnEmptyDocument() {
        assertThat(strict("").document().nodes()).isEmpty();
    }

    @Test
    void phraseWithSpans() {
        ParseResult result = strict("a <Phrase>dog</Phrase>.");
        assertThat(result.document().nodes()).containsExactly(
                new Text("a ", new Span(0, 2)),
                new Phrase(List.of(new Text("dog", new Span(10, 13))), new Span(2, 22)),
                new Text(".", new Span(22, 23)));
    }

    @Test
    void referenceFormOfTheReferenceImplementation() {
        ParseResult result = strict("<Phrase>Two young guys</Phrase>(<Unit>box</Unit>[0]<REF>[1]<REF>) with "
                + "<Phrase>shaggy hair</Phrase>(<Unit>box</Unit>[0]<REF>) look at the camera.");
        assertThat(withoutSpans(result.document())).isEqualTo(TrpBuilder.document()
                .grounded("Two young guys", 2, "box")
                .text(" with ")
                .grounded("shaggy hair", 1, "box")
                .text(" look at the camera.")
                .build());
        assertThat(result.references()).extracting(ResolvedReference::index).containsExactly(0, 1, 0);
        assertThat(result.references()).extracting(r -> r.phrase().orElseThrow().plainText())
                .containsExactly("Two young guys", "Two young guys", "shaggy hair");
        assertThat(result.references()).extracting(ResolvedReference::unitOrdinal).containsExactly(0, 0, 1);
        assertThat(result.references()).extracting(ResolvedReference::phrasePath)
                .containsExactly(List.of(0), List.of(0), List.of(1));
    }

    @Test
    void bareUnitDeclarationWithoutBrackets() {
        ParseResult result = strict("<Phrase>person</Phrase><Unit>box</Unit>[0]<REF>[1]<REF> and more");
        assertThat(withoutSpans(result.document())).isEqualTo(TrpDocument.of(
                Phrase.of("person"), UnitDeclaration.of(2, "box"), Text.of(" and more")));
        UnitDeclaration unit = (UnitDeclaration) result.document().nodes().get(1);
        assertThat(unit.span()).isEqualTo(new Span(23, 55));
        assertThat(result.references()).extracting(ResolvedReference::units)
                .containsExactly(List.of("box"), List.of("box"));
    }

    @Test
    void whitespaceBetweenReferencesBelongsToTheDeclaration() {
        ParseResult result = strict("<Phrase>cat</Phrase><Unit> box </Unit> [0]<REF> [1]<REF> sleeps");
        assertThat(withoutSpans(result.document())).isEqualTo(TrpDocument.of(
                Phrase.of("cat"), UnitDeclaration.of(2, "box"), Text.of(" sleeps")));
    }

    @Test
    void nestedPhrases() {
        ParseResult result = strict("<Phrase><Phrase>dog</Phrase> in <Phrase>park</Phrase></Phrase>");
        assertThat(withoutSpans(result.document())).isEqualTo(TrpDocument.of(
                Phrase.of(Phrase.of("dog"), Text.of(" in "), Phrase.of("park"))));
        assertThat(result.document().phrases()).extracting(Phrase::plainText)
                .containsExactly("dog in park", "dog", "park");
    }

    @Test
    void nestedPhrasesEachGrounded() {
        ParseResult result = strict("<Phrase><Phrase>dog</Phrase>(<Unit>box</Unit>[0]<REF>) in "
                + "<Phrase>park</Phrase>(<Unit>mask</Unit>[0]<REF>)</Phrase>(<Unit>box</Unit>[0]<REF>)");
        assertThat(result.references()).extracting(ResolvedReference::phrasePath)
                .containsExactly(List.of(0, 1), List.of(0, 2), List.of(0));
        assertThat(result.references()).extracting(r -> r.phrase().orElseThrow().plainText())
                .containsExactly("dog", "park", "dog in park");
        assertThat(result.references()).extracting(ResolvedReference::units)
                .containsExactly(List.of("box"), List.of("mask"), List.of("box"));
    }

    @Test
    void compositeUnits() {
        ParseResult result = strict("<Phrase>person</Phrase>(<Unit>box, keypoint</Unit>[0]<REF>)");
        assertThat(result.references().get(0).units()).containsExactly("box", "keypoint");
        UnitDeclaration unit = (UnitDeclaration) ((Group) result.document().nodes().get(1)).members().get(0);
        assertThat(unit.units()).containsExactly("box", "keypoint");
    }

    @Test
    void unitWordsNotKnownInAdvanceAreAccepted() {
        ParseResult result = strict("<Phrase>road</Phrase>(<Unit>depth</Unit>[0]<REF>) "
                + "<Phrase>sky</Phrase>(<Unit>surface normal, x-ray_2</Unit>[0]<REF>)");
        assertThat(result.references()).extracting(ResolvedReference::units)
                .containsExactly(List.of("depth"), List.of("surface normal", "x-ray_2"));
    }

    @Test
    void groupedFormOfFigure1c() {
        String text = "<Phrase>capybaras</Phrase> ((<Unit>box</Unit>[0]<REF>[1]<REF>),<Unit> box</Unit>[0]<REF>)";
        ParseResult result = strict(text);
        assertThat(withoutSpans(result.document())).isEqualTo(TrpDocument.of(
                Phrase.of("capybaras"),
                Text.of(" "),
                Group.of(Group.of(UnitDeclaration.of(2, "box")), UnitDeclaration.of(1, "box"))));
        assertThat(result.references()).extracting(ResolvedReference::unitOrdinal).containsExactly(0, 0, 1);
        assertThat(result.references()).extracting(ResolvedReference::phrasePath)
                .containsOnly(List.of(0));
        assertThat(TrpSerializer.serialize(result.document())).isEqualTo(
                "<Phrase>capybaras</Phrase> ((<Unit>box</Unit>[0]<REF>[1]<REF>),<Unit>box</Unit>[0]<REF>)");
    }

    @Test
    void whitespaceInsideGroupsMeansNothing() {
        ParseResult spaced = strict("<Phrase>a</Phrase>( ( <Unit>box</Unit> [0]<REF> ) , <Unit>mask</Unit>[0]<REF> )");
        ParseResult tight = strict("<Phrase>a</Phrase>((<Unit>box</Unit>[0]<REF>),<Unit>mask</Unit>[0]<REF>)");
        assertThat(withoutSpans(spaced.document())).isEqualTo(withoutSpans(tight.document()));
    }

    @Test
    void severalGroundingsOfOnePhrase() {
        ParseResult result = strict("<Phrase>horse</Phrase>(<Unit>box</Unit>[0]<REF>) (<Unit>mask</Unit>[0]<REF>)");
        assertThat(result.references()).extracting(r -> r.phrase().map(Phrase::plainText))
                .containsExactly(Optional.of("horse"), Optional.of("horse"));
    }

    @Test
    void taskBlockBeforeTheAnswer() {
        String text = "<Task>\nUnit decode (True). Class name, target unit and number:\n"
                + "- Name: target Unit: box Num: 1\n</Task>\n<Phrase>target</Phrase>(<Unit>box</Unit>[0]<REF>).";
        ParseResult result = strict(text);
        assertThat(result.document().task()).map(TaskBlock::content).contains(
                "\nUnit decode (True). Class name, target unit and number:\n- Name: target Unit: box Num: 1\n");
        assertThat(result.plainText().text()).isEqualTo("target.");
    }

    @Test
    void taskBlockWithoutUnits() {
        ParseResult result = strict("<Task>\nUnit decode (False).\n</Task>\nthe zebra on the left");
        assertThat(withoutSpans(result.document())).isEqualTo(TrpDocument.of(
                TaskBlock.of("\nUnit decode (False).\n"), Text.of("\nthe zebra on the left")));
    }

    @Test
    void parenthesesCommasAndBracketsInTextStayText() {
        String text = "a dog (brown, small) [3] <image> x<y, f(x) = [0] and (see [1]).";
        ParseResult result = strict(text);
        assertThat(withoutSpans(result.document())).isEqualTo(TrpDocument.of(Text.of(text)));
    }

    @Test
    void textBetweenPhraseAndGroupDetachesTheGroup() {
        ParseResult result = TrpParser.lenient().parse("<Phrase>x</Phrase> (a) (<Unit>box</Unit>[0]<REF>)");
        assertThat(withoutSpans(result.document())).isEqualTo(TrpDocument.of(
                Phrase.of("x"), Text.of(" (a) "), Group.of(UnitDeclaration.of(1, "box"))));
        assertThat(result.references().get(0).phrase()).isEmpty();
        assertThat(result.diagnostics()).extracting(Diagnostic::code)
                .containsExactly(DiagnosticCode.GROUNDING_WITHOUT_PHRASE);
    }

    @Test
    void indexWithLeadingZerosIsANumber() {
        ParseResult result = TrpParser.lenient().parse("<Phrase>x</Phrase>(<Unit>box</Unit>[00]<REF>)");
        assertThat(result.references().get(0).index()).isZero();
        assertThat(result.isWellFormed()).isTrue();
    }

    @Test
    void strictModeThrowsWithEveryProblem() {
        assertThatThrownBy(() -> strict("<Phrase></Phrase>(<Unit>box</Unit>[1]<REF>) [0]<REF>"))
                .isInstanceOf(TrpSyntaxException.class)
                .satisfies(e -> assertThat(((TrpSyntaxException) e).diagnostics())
                        .extracting(Diagnostic::code)
                        .containsExactly(DiagnosticCode.EMPTY_PHRASE, DiagnosticCode.INDEX_GAP,
                                DiagnosticCode.REF_WITHOUT_UNIT))
                .hasMessageContaining("3 problems");
    }

    @Test
    void lenientModeReturnsTheWellFormedPartAndTheProblems() {
        ParseResult result = TrpParser.lenient().parse("<Phrase>dog</Phrase>(<Unit>box</Unit>[0]<REF>[1]");
        assertThat(result.isWellFormed()).isFalse();
        assertThat(result.references()).hasSize(1);
        assertThat(withoutSpans(result.document())).isEqualTo(TrpDocument.of(
                Phrase.of("dog"), Group.of(UnitDeclaration.of(1, "box")), Text.of("[1]")));
        assertThat(result.diagnostics()).extracting(Diagnostic::code).contains(DiagnosticCode.TRUNCATED);
    }

    @Test
    void installedUnitsAreCheckedWhenGiven() {
        TrpParser parser = TrpParser.builder().mode(ParseMode.LENIENT).installedUnits(List.of("box", "mask")).build();
        ParseResult result = parser.parse("<Phrase>a</Phrase>(<Unit>box, depth</Unit>[0]<REF>)");
        assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactly(DiagnosticCode.UNKNOWN_UNIT);
        assertThat(result.diagnostics().get(0).message()).contains("'depth'");
        assertThat(TrpParser.lenient().parse("<Phrase>a</Phrase>(<Unit>box, depth</Unit>[0]<REF>)").isWellFormed())
                .isTrue();
    }

    @Test
    void tagsAreCaseSensitiveSpecialTokens() {
        ParseResult result = strict("<phrase>dog</phrase> <ref> <VRT> </s>");
        assertThat(result.document().nodes()).hasSize(1).first().isInstanceOf(Text.class);
    }

    @Test
    void referenceSpanIncludesItsIndex() {
        ParseResult result = strict("<Phrase>a</Phrase><Unit>box</Unit>[0]<REF>");
        assertThat(result.references().get(0).span()).isEqualTo(new Span(34, 42));
    }
}
