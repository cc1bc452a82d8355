package org.refvlm.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.llm.RefVlmTokens;
import org.refvlm.llm.TextTokenizer;

class WordMergeTokenizerJsonTest {

    private static final List<String> CORPUS = List.of(
            "<image>\nFind the red star and give its bounding box.\n",
            "<Phrase>the red star</Phrase>(<Unit>box</Unit>[0]<REF>)",
            "From left to right there are <Phrase>two red stars</Phrase>(<Unit>mask</Unit>[0]<REF>[1]<REF>).",
            "<image>\nFind the blue star.\n", "<Phrase>the blue star</Phrase>(<Unit>box</Unit>[0]<REF>)");

    @TempDir
    Path dir;

    private TextTokenizer tokenizer(List<String> words) throws Exception {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, WordMergeTokenizerJson.json(words));
        return TextTokenizer.load(file, RefVlmTokens.ADDED_TOKENS);
    }

    @Test
    void frequentWordsKeepTheirSpacing() {
        List<String> words = WordMergeTokenizerJson.frequentWords(CORPUS, 2);
        assertThat(words).contains(" star", "the", " red", "box", "[0]").doesNotContain(" stars", "[1]");
    }

    @Test
    void wordsBecomeSingleTokensAndEverythingDecodesBackExactly() throws Exception {
        List<String> words = WordMergeTokenizerJson.frequentWords(CORPUS, 1);
        try (TextTokenizer t = tokenizer(words)) {
            assertThat(t.vocabSize()).isEqualTo(WordMergeTokenizerJson.vocabularySize(words) + RefVlmTokens.ADDED_TOKENS.size());
            String answer = "<Phrase>the red star</Phrase>(<Unit>box</Unit>[0]<REF>)";
            assertThat(t.tokens(answer, false)).containsExactly("<Phrase>", "the", " red", " star", "</Phrase>", "(",
                    "<Unit>", "box", "</Unit>", "[0]", "<REF>", ")");
            for (String text : List.of(answer, "Find the zebra, quickly!\n", "  two  spaces", "[12]<REF>x")) {
                assertThat(t.decode(t.encode(text, false), false)).isEqualTo(text);
            }
            // an unknown word falls back to characters
            assertThat(t.tokens(" zebra", false)).hasSizeGreaterThan(1);
        }
    }
}
