package org.refvlm.trp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming parser: events, their order, token positions, and agreement with whole-text parsing. */
class TrpStreamParserTest {

    /** Writes every event as one line, to check order and content at once. */
    private static final class Recorder implements TrpListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void text(String text, int offset) {
            events.add("text '" + text + "'");
        }

        @Override
        public void phraseOpened(int ordinal, int depth, int offset) {
            events.add("phrase " + ordinal + " opened at depth " + depth);
        }

        @Override
        public void phraseClosed(int ordinal, Phrase phrase) {
            events.add("phrase " + ordinal + " closed: " + phrase.plainText());
        }

        @Override
        public void groupOpened(int offset) {
            events.add("group opened at " + offset);
        }

        @Override
        public void groupClosed(Group group) {
            events.add("group closed " + group.span());
        }

        @Override
        public void unitDeclared(int ordinal, List<String> units, Span span) {
            events.add("unit " + ordinal + " " + units);
        }

        @Override
        public void reference(ResolvedReference ref) {
            events.add("ref [" + ref.index() + "] " + ref.units() + " of " + ref.phrasePath() + " at token "
                    + ref.tokenPosition());
        }

        @Override
        public void taskBlock(TaskBlock block) {
            events.add("task " + block.content().strip());
        }

        @Override
        public void diagnostic(Diagnostic diagnostic) {
            events.add("problem " + diagnostic.code());
        }
    }

    private static ParseResult stream(List<String> tokens, TrpListener listener) {
        TrpStreamParser parser = TrpParser.lenient().stream(listener);
        for (int i = 0; i < tokens.size(); i++) {
            parser.feed(tokens.get(i), i);
        }
        return parser.finish();
    }

    @Test
    void eventsArriveInTextOrderWithTokenPositions() {
        List<String> tokens = List.of("<Task>", "ok", "</Task>", "A", " ", "<Phrase>", "dog", "</Phrase>", "(",
                "<Unit>", "box", "</Unit>", "[", "0", "]", "<REF>", "[", "1", "]", "<REF>", ")", " runs", ".");
        Recorder recorder = new Recorder();
        stream(tokens, recorder);
        assertThat(recorder.events).containsExactly(
                "task ok",
                "text 'A'",
                "text ' '",
                "phrase 0 opened at depth 0",
                "text 'dog'",
                "phrase 0 closed: dog",
                "group opened at 37",
                "unit 0 [box]",
                "ref [0] [box] of [0] at token 15",
                "ref [1] [box] of [0] at token 19",
                "group closed [37, 71)",
                "text ' '", // the lexer reports whitespace and words separately
                "text 'runs'",
                "text '.'");
    }

    @Test
    void tagsSplitAcrossTokensAreRecognised() {
        List<String> tokens = List.of("<Phr", "ase>cat</Ph", "rase><", "Unit>mask</Unit", ">[0]<R", "EF>");
        Recorder recorder = new Recorder();
        ParseResult result = stream(tokens, recorder);
        assertThat(result.references()).singleElement().satisfies(ref -> {
            assertThat(ref.tokenPosition()).isEqualTo(5);
            assertThat(ref.units()).containsExactly("mask");
            assertThat(ref.phrase().orElseThrow().plainText()).isEqualTo("cat");
        });
        assertThat(result.document()).isEqualTo(
                TrpParser.lenient().parse(String.join("", tokens)).document());
    }

    @Test
    void referenceIsReportedByTheTokenThatCompletesIt() {
        List<Integer> positions = new ArrayList<>();
        TrpStreamParser parser = TrpParser.lenient().stream(new TrpListener() {
            @Override
            public void reference(ResolvedReference reference) {
                positions.add(reference.tokenPosition());
            }
        });
        parser.feed("<Phrase>a</Phrase><Unit>box</Unit>[0]", 100);
        assertThat(positions).isEmpty();
        parser.feed("<REF>[1]<RE", 101);
        assertThat(positions).containsExactly(101);
        parser.feed("F>", 102);
        assertThat(positions).containsExactly(101, 102);
        parser.finish();
    }

    @Test
    void feedWithoutPositionCountsTokens() {
        TrpStreamParser parser = TrpParser.lenient().stream(TrpListener.NONE);
        for (String token : List.of("<Phrase>", "a", "</Phrase>", "<Unit>", "box", "</Unit>", "[0]", "<REF>")) {
            parser.feed(token);
        }
        assertThat(parser.finish().references().get(0).tokenPosition()).isEqualTo(7);
    }

    @Test
    void groupIsOnlyRecognisedWhenItsUnitArrives() {
        Recorder recorder = new Recorder();
        stream(List.of("<Phrase>a</Phrase>", "(", " ", "(", "<Unit>"), recorder);
        assertThat(recorder.events).containsSubsequence("phrase 0 closed: a", "group opened at 18",
                "group opened at 20", "unit 0 []");
    }

    @Test
    void cutOffStreamReportsTruncation() {
        Recorder recorder = new Recorder();
        ParseResult result = stream(List.of("<Phrase>", "capybaras", "</Phrase>", " ((", "<Unit>", "box", "</Unit>",
                "[0]", "<REF>", "),", "<Unit>"), recorder);
        assertThat(result.diagnostics()).extracting(Diagnostic::code).contains(DiagnosticCode.TRUNCATED);
        assertThat(recorder.events).contains("problem TRUNCATED");
    }

    @Test
    void strictStreamThrowsAtFinish() {
        TrpStreamParser parser = TrpParser.strict().stream(TrpListener.NONE);
        parser.feed("[0]<REF>", 0);
        assertThatThrownBy(parser::finish).isInstanceOf(TrpSyntaxException.class);
    }

    @Test
    void feedingAfterFinishIsAnError() {
        TrpStreamParser parser = TrpParser.lenient().stream(TrpListener.NONE);
        parser.finish();
        assertThatThrownBy(() -> parser.feed("x", 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(parser::finish).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everySplitOfAFigureExampleGivesTheSameTree() {
        String text = "<Task>\nUnit decode (True).\n</Task>\n<Phrase>capybaras</Phrase> "
                + "((<Unit>box</Unit>[0]<REF>[1]<REF>),<Unit> box</Unit>[0]<REF>) by <Phrase><Phrase>dog</Phrase>"
                + "(<Unit>box, keypoint</Unit>[0]<REF>) in <Phrase>park</Phrase></Phrase>.";
        ParseResult whole = TrpParser.strict().parse(text);
        for (int a = 0; a <= text.length(); a++) {
            for (int b = a; b <= text.length(); b += 7) {
                ParseResult streamed = stream(List.of(text.substring(0, a), text.substring(a, b), text.substring(b)),
                        TrpListener.NONE);
                assertThat(streamed.document()).isEqualTo(whole.document());
                assertThat(streamed.diagnostics()).isEqualTo(whole.diagnostics());
                assertThat(streamed.references().stream().map(ResolvedReference::withoutTokenPosition).toList())
                        .isEqualTo(whole.references());
            }
        }
    }
}
