package org.refvlm.trp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bounded fuzzing of the TRP parser (issue 23, item 9): token soups of TRP's own markup, digits,
 * brackets and text, deep nesting, long runs and cut-off answers, through the strict and lenient
 * parsers and the stream parser. A model can write anything: the lenient and stream parsers must
 * always return a result with diagnostics, the strict one that or its TrpSyntaxException, nothing
 * else may escape, and stay fast (the longest input here is 200,000
 * characters). The number of inputs tried is printed to the test output.
 */
class TrpFuzzTest {

    private static final int INPUTS = 4000;
    private static final String[] PIECES = {"<Phrase>", "</Phrase>", "<Unit>", "</Unit>", "<REF>", "<Task>", "</Task>",
        "(", ")", "[", "]", "0", "1", "17", "-3", "99999999999999999999", "box", "mask", "keypoint", ", ", " ", "\n",
        "dog", "the red ball", "<", ">", "</", "<Phrase", "Phrase>", "ü", "\u0000", "\uD83D\uDE00", "\uD800",
        "Unit decode (True). Class name, target unit and number:\n", "- Name: dog Unit: box Num: 2\n"};

    @Test
    void anyTextGivesAResultAndNeverThrows() {
        Random random = new Random(20261203);
        List<String> escaped = new ArrayList<>();
        int tried = 0;
        TrpParser strict = TrpParser.strict();
        TrpParser lenient = TrpParser.lenient();
        for (int i = 0; i < INPUTS; i++) {
            String text = text(random, i);
            try {
                try {
                    assertThat(strict.parse(text)).isNotNull();
                } catch (TrpSyntaxException expected) {
                    // the strict parser's documented answer to malformed text: its diagnostics
                    assertThat(expected.getMessage()).contains("problem");
                }
                assertThat(lenient.parse(text)).isNotNull();
                TrpStreamParser stream = lenient.stream(TrpListener.NONE);
                int at = 0;
                int token = 0;
                while (at < text.length()) {
                    int end = Math.min(text.length(), at + 1 + random.nextInt(12));
                    stream.feed(text.substring(at, end), token++);
                    at = end;
                }
                assertThat(stream.finish()).isNotNull();
            } catch (RuntimeException | Error e) {
                escaped.add("input " + i + " (" + text.length() + " chars, starts "
                        + text.substring(0, Math.min(60, text.length())) + "): " + e);
            }
            tried++;
        }
        System.out.println("fuzz: TRP parser: " + tried + " inputs tried, " + escaped.size() + " escaped");
        assertThat(escaped).isEmpty();
    }

    private static String text(Random random, int i) {
        StringBuilder b = new StringBuilder();
        if (i % 200 == 0) {
            // Deep nesting and long runs: the parser's stack and time must stay bounded.
            String open = random.nextBoolean() ? "<Phrase>" : "(";
            b.append(open.repeat(5_000 + random.nextInt(5_000)));
            b.append("[0]<REF>".repeat(1_000 + random.nextInt(10_000)));
            return b.length() > 200_000 ? b.substring(0, 200_000) : b.toString();
        }
        int n = 1 + random.nextInt(i % 10 == 0 ? 2000 : 60);
        for (int k = 0; k < n; k++) {
            b.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return b.toString();
    }
}
