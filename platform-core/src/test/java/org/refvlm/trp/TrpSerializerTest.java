package org.refvlm.trp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrpSerializerTest {

    @Test
    void writesCanonicalText() {
        TrpDocument tree = TrpBuilder.document()
                .task("\nUnit decode (True).\n")
                .text("\n")
                .phrase("capybaras")
                .text(" ")
                .group(g -> g.group(inner -> inner.unit(2, "box")).unit(1, "box"))
                .text(" and ")
                .phrase(p -> p.phrase("dog").text(" in ").phrase("park"))
                .unit(1, "box", "keypoint")
                .build();
        assertThat(TrpSerializer.serialize(tree)).isEqualTo("<Task>\nUnit decode (True).\n</Task>\n"
                + "<Phrase>capybaras</Phrase> ((<Unit>box</Unit>[0]<REF>[1]<REF>),<Unit>box</Unit>[0]<REF>) and "
                + "<Phrase><Phrase>dog</Phrase> in <Phrase>park</Phrase></Phrase><Unit>box, keypoint</Unit>[0]<REF>");
    }

    @Test
    void normalisesSpacingOfParsedText() {
        ParseResult result = TrpParser.strict().parse(
                "<Phrase>a</Phrase>( ( <Unit> box ,mask</Unit> [0]<REF> [1]<REF> ) , <Unit>box</Unit>[0]<REF> )");
        assertThat(TrpSerializer.serialize(result.document())).isEqualTo(
                "<Phrase>a</Phrase>((<Unit>box, mask</Unit>[0]<REF>[1]<REF>),<Unit>box</Unit>[0]<REF>)");
    }

    @Test
    void referenceWithoutIndexStaysWithoutIndex() {
        assertThat(TrpSerializer.serialize(TrpDocument.of(Text.of("x "), Reference.of(Reference.NO_INDEX))))
                .isEqualTo("x <REF>");
    }

    @Test
    void serializesSingleNodes() {
        assertThat(TrpSerializer.serialize(UnitDeclaration.of(2, "mask"))).isEqualTo("<Unit>mask</Unit>[0]<REF>[1]<REF>");
    }

    @Test
    void builtTreeRoundTrips() {
        TrpDocument tree = TrpBuilder.document().grounded("a man", 1, "mask").text(" is riding ")
                .grounded("a brown horse", 1, "mask").text(".").build();
        assertThat(Trees.withoutSpans(TrpParser.strict().parse(TrpSerializer.serialize(tree)).document())).isEqualTo(tree);
    }
}
