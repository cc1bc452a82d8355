package org.refvlm.trainer.score.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PtbTokenizerTest {

    private final PtbTokenizer tokenizer = new PtbTokenizer();

    @Test
    void lowerCasesAndDropsPunctuation() {
        assertThat(tokenizer.tokenise("A Red star, next to (the) BLUE circle.")).isEqualTo("a red star next to the blue circle");
    }

    @Test
    void splitsClitisAsThePennTreebankDoes() {
        assertThat(tokenizer.tokenise("The dog's ball isn't red; they're here!")).isEqualTo("the dog 's ball is n't red they 're here");
    }

    @Test
    void keepsHyphenatedWordsAndDecimalNumbers() {
        assertThat(tokenizer.tokenise("A medium-sized star, 2.5 m away...")).isEqualTo("a medium-sized star 2.5 m away");
    }
}
