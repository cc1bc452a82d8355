package org.refvlm.trp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {

    @Test
    void removesMarkupAndKeepsPhraseSpans() {
        PlainText plain = TrpParser.strict().parse("<Task>\nUnit decode (True).\n</Task>\n"
                + "<Phrase>A man</Phrase>(<Unit>mask</Unit>[0]<REF>) is riding <Phrase>a brown horse</Phrase>"
                + "(<Unit>mask</Unit>[0]<REF>) along <Phrase>the beach</Phrase>(<Unit>mask</Unit>[0]<REF>).")
                .plainText();
        assertThat(plain.text()).isEqualTo("A man is riding a brown horse along the beach.");
        assertThat(plain.phrases()).extracting(plain::textOf).containsExactly("A man", "a brown horse", "the beach");
        assertThat(plain.phrases().get(1)).isEqualTo(new PhraseSpan(1, 0, 16, 29, new Span(95, 125)));
    }

    @Test
    void nestedPhrasesHaveNestedSpans() {
        PlainText plain = PlainText.of(TrpBuilder.document().text("see ")
                .phrase(p -> p.phrase("dog").text(" in ").phrase("park")).text("!").build());
        assertThat(plain.text()).isEqualTo("see dog in park!");
        assertThat(plain.phrases()).extracting(PhraseSpan::ordinal, PhraseSpan::depth, PhraseSpan::start, PhraseSpan::end)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, 0, 4, 15),
                        org.assertj.core.groups.Tuple.tuple(1, 1, 4, 7),
                        org.assertj.core.groups.Tuple.tuple(2, 1, 11, 15));
    }

    @Test
    void keepsSpacesAroundRemovedGroundings() {
        PlainText plain = TrpParser.strict().parse("<Phrase>capybaras</Phrase> ((<Unit>box</Unit>[0]<REF>),"
                + "<Unit>box</Unit>[0]<REF>) swim").plainText();
        assertThat(plain.text()).isEqualTo("capybaras  swim");
    }

    @Test
    void answerWithoutTaskKeepsLeadingWhitespace() {
        assertThat(TrpParser.strict().parse("  hello").plainText().text()).isEqualTo("  hello");
    }
}
