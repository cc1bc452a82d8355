package org.refvlm.data;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.trp.DecodingPlan;
import org.refvlm.trp.ParseResult;

import static org.assertj.core.api.Assertions.assertThat;

class TrpPropertiesTest {

    record Piece(String text, String phrase, List<Unit> units, int refs) {
    }

    /**
     * Whatever text and groups go in, the builder's answer is strict TRP in its training form for the platform's
     * parser and reads back as the same groups.
     */
    @Property(tries = 300)
    void builtAnswersAreStrictAndReadBack(@ForAll("pieces") List<Piece> pieces, @ForAll boolean taskBlock) {
        TrpAnswerBuilder b = new TrpAnswerBuilder().withTaskBlock(taskBlock);
        List<DecodingPlan.Entry> expected = new ArrayList<>();
        StringBuilder allText = new StringBuilder();
        for (Piece p : pieces) {
            b.text(p.text());
            allText.append(TrpAnswerBuilder.cleanText(p.text()));
            Map<Unit, List<Integer>> refs = new LinkedHashMap<>();
            for (Unit u : p.units()) {
                List<Integer> idx = new ArrayList<>();
                for (int j = 0; j < p.refs(); j++) {
                    idx.add(j);
                }
                refs.put(u, idx);
            }
            String cleaned = TrpAnswerBuilder.cleanText(p.phrase()).strip();
            if (!cleaned.isEmpty()) {
                b.phrase(p.phrase(), refs);
                expected.add(new DecodingPlan.Entry(cleaned, p.units().stream().map(Unit::word).toList(), p.refs()));
            }
        }
        if (expected.isEmpty() && allText.toString().isBlank()) {
            return; // nothing to say: the builder rightly refuses an empty answer
        }
        TrpAnswer answer = b.build();
        ParseResult parsed = TrpAnswerBuilderTest.TRAINING.parse(answer.text()); // strict: throws on any problem
        assertThat(DecodingPlan.of(parsed.document()).entries()).isEqualTo(expected);
        assertThat(parsed.document().task().isPresent()).isEqualTo(taskBlock);
    }

    @Provide
    Arbitrary<List<Piece>> pieces() {
        Arbitrary<String> text = Arbitraries.strings().withChars("ab <>()[]\n,.").ofMaxLength(12);
        Arbitrary<String> phrase = Arbitraries.strings().withChars("xyz <>").ofMinLength(1).ofMaxLength(8);
        Arbitrary<List<Unit>> units = Arbitraries.of(Unit.class).set().ofMinSize(1).ofMaxSize(3).map(List::copyOf);
        Arbitrary<Integer> refs = Arbitraries.integers().between(1, 12);
        return Combinators.combine(text, phrase, units, refs).as(Piece::new).list().ofMinSize(1).ofMaxSize(5);
    }
}
