package org.refvlm.trp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.refvlm.trp.Trees.withoutSpans;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Properties that must hold for every input, checked on 1000 random cases each
 * ({@code jqwik.tries.default} in {@code junit-platform.properties}; override with
 * {@code -Djqwik.tries.default=N}). The number of cases that ran is printed when the class is
 * done, and jqwik reports the tries of each property.
 */
class TrpProperties {

    private static final AtomicLong CASES = new AtomicLong();

    /** A text and one way of cutting it into tokens. */
    record Tokenized(String text, List<String> tokens) {
    }

    @Provide
    Arbitrary<TrpDocument> trees() {
        return Arbitraries.randomValue(TrpGenerators::tree);
    }

    @Provide
    Arbitrary<String> garbled() {
        return Arbitraries.randomValue(TrpGenerators::garbled);
    }

    /** Valid TRP half of the time, garbled text the other half, cut into tokens at random. */
    @Provide
    Arbitrary<Tokenized> tokenized() {
        return Arbitraries.randomValue(random -> {
            String text = random.nextBoolean()
                    ? TrpSerializer.serialize(TrpGenerators.tree(random))
                    : TrpGenerators.garbled(random);
            return new Tokenized(text, TrpGenerators.tokens(text, random));
        });
    }

    @Property
    void serializedTreeParsesBackToTheSameTree(@ForAll("trees") TrpDocument tree) {
        CASES.incrementAndGet();
        String text = TrpSerializer.serialize(tree);
        ParseResult result = TrpParser.strict().parse(text); // generated trees are valid: no exception
        assertThat(withoutSpans(result.document())).isEqualTo(tree);
        assertThat(TrpSerializer.serialize(result.document())).isEqualTo(text);
        // and with spans: the parsed tree is a fixed point of serialize-then-parse
        assertThat(TrpParser.strict().parse(TrpSerializer.serialize(result.document())).document())
                .isEqualTo(result.document());
    }

    @Property
    void streamingAgreesWithWholeTextForAnySplit(@ForAll("tokenized") Tokenized input) {
        CASES.incrementAndGet();
        ParseResult whole = TrpParser.lenient().parse(input.text());
        TrpStreamParser stream = TrpParser.lenient().stream(TrpListener.NONE);
        for (int i = 0; i < input.tokens().size(); i++) {
            stream.feed(input.tokens().get(i), i);
        }
        ParseResult streamed = stream.finish();

        assertThat(streamed.document()).isEqualTo(whole.document());
        assertThat(streamed.diagnostics()).isEqualTo(whole.diagnostics());
        assertThat(streamed.references().stream().map(ResolvedReference::withoutTokenPosition).toList())
                .isEqualTo(whole.references());
        for (ResolvedReference reference : streamed.references()) {
            // the token holding the '>' of <REF> is the one that completed it
            assertThat(reference.tokenPosition()).isEqualTo(tokenHolding(input.tokens(), reference.span().end() - 1));
        }
    }

    @Property
    void garbledInputNeverThrows(@ForAll("garbled") String text) throws IOException {
        CASES.incrementAndGet();
        ParseResult result = TrpParser.lenient().parse(text);
        // everything downstream of lenient parsing copes with what it returns
        String canonical = TrpSerializer.serialize(result.document());
        TrpParser.lenient().parse(canonical);
        result.plainText();
        TrpJsonWriter.compact().write(result, OutputStream.nullOutputStream());
        try {
            TrpParser.strict().parse(text);
            assertThat(result.isWellFormed()).isTrue();
        } catch (TrpSyntaxException e) {
            assertThat(e.diagnostics()).isEqualTo(result.diagnostics()).isNotEmpty();
        }

        for (Diagnostic diagnostic : result.diagnostics()) {
            assertThat(diagnostic.span().start()).isBetween(0, text.length());
            assertThat(diagnostic.span().end()).isBetween(diagnostic.span().start(), text.length());
            assertThat(diagnostic.line()).isPositive();
        }
    }

    @Property
    void textOfAnyTreeIsCoveredByItsSpans(@ForAll("tokenized") Tokenized input) {
        CASES.incrementAndGet();
        ParseResult result = TrpParser.lenient().parse(input.text());
        // every text node is the exact slice of the input its span names
        checkTextSpans(result.document().nodes(), input.text());
        PlainText plain = result.plainText();
        for (PhraseSpan phrase : plain.phrases()) {
            assertThat(plain.textOf(phrase)).isEqualTo(result.document().phrases().get(phrase.ordinal()).plainText());
        }
    }

    private static void checkTextSpans(List<? extends TrpNode> nodes, String source) {
        for (TrpNode node : nodes) {
            if (node instanceof Text text) {
                assertThat(source.substring(text.span().start(), text.span().end())).isEqualTo(text.text());
            }
            checkTextSpans(node.children(), source);
        }
    }

    private static int tokenHolding(List<String> tokens, int offset) {
        int end = 0;
        for (int i = 0; i < tokens.size(); i++) {
            end += tokens.get(i).length();
            if (offset < end) {
                return i;
            }
        }
        return -1;
    }

    @AfterContainer
    static void reportCases() {
        System.out.println("[TrpProperties] property cases run: " + CASES.get());
    }
}
