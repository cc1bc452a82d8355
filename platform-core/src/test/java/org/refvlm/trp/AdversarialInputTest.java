package org.refvlm.trp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * About a megabyte of each pattern that would make a careless parser quadratic, recurse too deep
 * or allocate without bound: both parsers must get through it without throwing and agree. How the
 * time grows with the input is measured, not asserted (a timed assertion fails whenever the machine
 * is busy): {@code org.refvlm.bench.TrpAdversarialScaling} in {@code benchmarks/} prints each
 * pattern's time at 4 MiB against its time at 1 MiB, about 4x for a linear parser and 16x for a
 * quadratic one. A quadratic parser would still show here, as a test run of hours.
 */
class AdversarialInputTest {

    private static final int SIZE = 1 << 20;

    record Pattern(String name, String text) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static String fill(String unit) {
        return unit.repeat(Math.max(1, SIZE / unit.length()));
    }

    static Stream<Pattern> patterns() {
        Random random = new Random(7);
        StringBuilder indices = new StringBuilder("<Phrase>a</Phrase><Unit>box</Unit>");
        while (indices.length() < SIZE) {
            indices.append('[').append(random.nextInt(1_000_000_000)).append("]<REF>");
        }
        return Stream.of(
                new Pattern("deeply nested phrases", fill("<Phrase>")),
                new Pattern("deeply nested phrases, closed", "<Phrase>".repeat(SIZE / 17) + "x" + "</Phrase>".repeat(SIZE / 17)),
                new Pattern("parentheses then a unit", "(".repeat(SIZE) + "<Unit>box</Unit>[0]<REF>"),
                new Pattern("spaced parentheses then a unit", "( ".repeat(SIZE / 2) + "<Unit>box</Unit>[0]<REF>"),
                new Pattern("parentheses only", fill("(")),
                new Pattern("indices without references", fill("[0]")),
                new Pattern("unclosed units", fill("<Unit>")),
                new Pattern("many references under one unit", "<Phrase>a</Phrase><Unit>box</Unit>" + fill("[0]<REF>")),
                new Pattern("random huge indices", indices.toString()),
                new Pattern("tag prefixes", fill("<Phr")),
                new Pattern("unmatched closing tags", fill("</Phrase>")),
                new Pattern("interrupted groups", fill("<Phrase>x</Phrase>(<Unit>a</Unit>[0]<REF> y ")),
                new Pattern("one huge group", "<Phrase>x</Phrase>(" + fill("<Unit>a</Unit>[0]<REF>,") + "<Unit>a</Unit>[0]<REF>)"),
                new Pattern("unclosed task", "<Task>" + fill("<Phrase>")),
                new Pattern("whitespace between references", "<Phrase>a</Phrase><Unit>box</Unit>" + fill("[0]<REF>   \n")),
                new Pattern("nested groups in nested phrases", fill("<Phrase>((<Unit>a</Unit>[0]<REF>),")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void parsesWithoutThrowingAndStreamsAsWhole(Pattern pattern) throws IOException {
        String text = pattern.text();
        ParseResult whole = TrpParser.lenient().parse(text);

        TrpStreamParser stream = TrpParser.lenient().stream(TrpListener.NONE);
        for (int i = 0, t = 0; i < text.length(); i += 4, t++) {
            stream.feed(text.substring(i, Math.min(text.length(), i + 4)), t);
        }
        ParseResult streamed = stream.finish();

        assertThat(streamed.document()).isEqualTo(whole.document());
        assertThat(streamed.diagnostics()).isEqualTo(whole.diagnostics());

        // and everything downstream copes with the result
        String canonical = TrpSerializer.serialize(whole.document());
        TrpParser.lenient().parse(canonical);
        whole.plainText();
        TrpJsonWriter.compact().write(whole, OutputStream.nullOutputStream());
    }
}
