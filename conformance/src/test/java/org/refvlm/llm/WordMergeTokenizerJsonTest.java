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

    @Test
    void aTrainedTokenizerGetsNewWordsWithoutMovingAnyId() throws Exception {
        List<String> words = WordMergeTokenizerJson.frequentWords(CORPUS, 1);
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, WordMergeTokenizerJson.json(words));
        List<String> texts = List.of(CORPUS.get(1), CORPUS.get(2), "Find the zebra, quickly!\n");
        List<long[]> before = new java.util.ArrayList<>();
        long refBefore;
        int sizeBefore;
        try (TextTokenizer t = TextTokenizer.load(file, RefVlmTokens.ADDED_TOKENS)) {
            texts.forEach(x -> before.add(t.encode(x, false)));
            refBefore = t.tokenId(RefVlmTokens.REF);
            sizeBefore = t.vocabSize();
        }
        WordMergeTokenizerJson.Extended extended = WordMergeTokenizerJson.withWords(Files.readString(file),
                RefVlmTokens.ADDED_TOKENS, List.of(" keypoints", " star", " keypoint", "depth", "star", "ar"));
        // "star" and "ar" lie inside known tokens (" star", " red"...): those stay whole
        assertThat(extended.added()).as("' star' is one token already").containsExactly(" keypoints", " keypoint", "depth",
                "star", "ar");
        Path grown = dir.resolve("grown.json");
        Files.writeString(grown, extended.json());
        try (TextTokenizer t = TextTokenizer.load(grown, RefVlmTokens.ADDED_TOKENS)) {
            assertThat(t.tokenId(RefVlmTokens.REF)).isEqualTo(refBefore);
            assertThat(t.vocabSize()).isEqualTo(sizeBefore + 5);
            // a word without its space is a token of its own; the spaced one keeps its old id
            assertThat(t.tokens("<Phrase>star</Phrase> the star", false)).containsExactly("<Phrase>", "star", "</Phrase>",
                    " the", " star");
            for (int i = 0; i < texts.size(); i++) {
                assertThat(t.encode(texts.get(i), false)).as(texts.get(i)).containsExactly(before.get(i));
            }
            String answer = "<Phrase>the star</Phrase>(<Unit>box, keypoint</Unit>[0]<REF>) has keypoints and depth";
            assertThat(t.tokens(answer, false)).contains(" keypoint", " keypoints", " depth".substring(1))
                    .doesNotContain("k");
            assertThat(t.encode(" keypoint", false)).containsExactly(sizeBefore + 1);
            assertThat(t.encode(" keypoints", false)).containsExactly(sizeBefore);
            assertThat(t.decode(t.encode(answer, false), false)).isEqualTo(answer);
        }
        // extending again keeps the earlier words' ids
        WordMergeTokenizerJson.Extended again = WordMergeTokenizerJson.withWords(extended.json(), RefVlmTokens.ADDED_TOKENS,
                List.of(" keypoint", " zebra"));
        assertThat(again.added()).containsExactly(" zebra");
        Files.writeString(grown, again.json());
        try (TextTokenizer t = TextTokenizer.load(grown, RefVlmTokens.ADDED_TOKENS)) {
            assertThat(t.encode(" keypoint", false)).containsExactly(sizeBefore + 1);
            assertThat(t.encode(" zebra", false)).containsExactly(sizeBefore + 5);
        }
    }
}
