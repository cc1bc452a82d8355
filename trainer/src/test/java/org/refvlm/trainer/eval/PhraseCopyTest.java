package org.refvlm.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhraseCopyTest {

    private static final String EXPECTED = "<Task>\nUnit decode (True). Class name, target unit and number:\n"
            + "- Name: the large star Unit: box Num: 1\n</Task>\n<Phrase>the large star</Phrase>(<Unit>box</Unit>[0]<REF>)";

    @Test
    void countsAnswersThatNameTheExpectedPhrasesInOrder() {
        PhraseCopy copy = new PhraseCopy();
        assertThat(copy.rate()).isNaN();
        copy.add("<Phrase>the large star</Phrase>(<Unit>box</Unit>[0]<REF>)", EXPECTED);
        copy.add("<Phrase>the small star</Phrase>(<Unit>box</Unit>[0]<REF>)", EXPECTED);
        copy.add("<Phrase>the large star</Phrase>(<Unit>box", EXPECTED);      // cut short: its phrase still counts
        copy.add("no phrase at all", EXPECTED);
        copy.add("<Phrase>anything</Phrase>", "");                           // nothing expected: not counted
        assertThat(copy.compared()).isEqualTo(4);
        assertThat(copy.rate()).isEqualTo(0.5);
    }

    @Test
    void phrasesAreReadWithoutMarkupOrTheTaskBlock() {
        assertThat(PhraseCopy.phrases(EXPECTED)).containsExactly("the large star");
        assertThat(PhraseCopy.phrases("<Phrase>a dog</Phrase>(<Unit>box</Unit>[0]<REF>) and <Phrase>a ball</Phrase>"))
                .containsExactly("a dog", "a ball");
    }
}
