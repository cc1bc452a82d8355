package org.refvlm.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.TestFixtures;

class TextTokenizerTest {
    private final Path json = TestFixtures.folder("llama-bpe-tokenizer").resolve("tokenizer.json");

    @Test
    void refVlmTokensAreAtomicAndKeepTheirIds() throws Exception {
        try (TextTokenizer t = TextTokenizer.load(json, RefVlmTokens.ADDED_TOKENS)) {
            assertThat(t.tokenId("<REF>")).isEqualTo(666);
            assertThat(t.tokenId("<Task>")).isEqualTo(657);
            assertThat(t.vocabSize()).isEqualTo(667);
            long[] ids = t.encode("<Task>x</Task><Unit>box</Unit><REF>", false);
            assertThat(ids).contains(657, 658, 659, 660, 666);
        }
    }

    @Test
    void addedTokensGetFreshIdsAndAreNeverSplit() throws Exception {
        try (TextTokenizer t = TextTokenizer.load(json, List.of("<REF>", "<Depth>", "[VPT]"))) {
            assertThat(t.tokenId("<Depth>")).isEqualTo(667);
            assertThat(t.tokenId("[VPT]")).isEqualTo(668);
            assertThat(t.vocabSize()).isEqualTo(669);
            long[] ids = t.encode("the<Depth>map[VPT]", true);
            assertThat(ids[0]).isEqualTo(t.bosId());
            assertThat(ids).contains(667, 668);
            assertThat(t.decode(ids, false)).contains("<Depth>").contains("[VPT]");
            assertThat(t.decode(ids, true)).doesNotContain("<Depth>");
        }
    }

    @Test
    void placeholdersBecomeSlotIndices() throws Exception {
        try (TextTokenizer t = TextTokenizer.load(json)) {
            long[] ids = t.encodeWithPlaceholders("<image>\nWhat is in [VPT]?", true);
            assertThat(ids[0]).isEqualTo(1);
            assertThat(ids[1]).isEqualTo(RefVlmTokens.IMAGE_TOKEN_INDEX);
            assertThat(ids).contains(RefVlmTokens.VISUAL_PROMPT_INDEX);
            assertThat(t.decode(ids, true)).contains("What");
        }
    }

    @Test
    void longTextsAreNeverTruncated() throws Exception {
        try (TextTokenizer t = TextTokenizer.load(json)) {
            String text = "the red circle in the image ".repeat(300);
            assertThat(t.encode(text, true).length).isGreaterThan(1000);
        }
    }
}
