package org.refvlm.decoder.groundingdino.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.SceneGenerator;
import org.refvlm.decoder.groundingdino.model.TextPrompt;

/**
 * The synthetic world's vocabulary as a Hugging Face tokenizer.json: DJL's tokenizers encode every
 * caption to exactly the ids pretraining builds itself, the world's phrases have no unknown word,
 * and [CLS], [SEP], "." and "?" are what cuts a caption.
 */
class SynthVocabularyTest {

    @TempDir
    Path dir;

    @Test
    void theTokenizerJsonEncodesCaptionsToTheIdsPretrainingUses() throws Exception {
        SynthVocabulary vocabulary = SynthVocabulary.world();
        Path file = dir.resolve("tokenizer.json");
        vocabulary.write(file);
        PhraseCaptions captions = new PhraseCaptions(SceneConfig.DEFAULT, vocabulary, 1, 16);
        SceneGenerator scenes = new SceneGenerator(SceneConfig.DEFAULT);
        long unknown = vocabulary.id(SynthVocabulary.UNK);
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(file,
                Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"))) {
            int phrases = 0;
            for (long seed = 5_000; seed < 5_600; seed++) {
                Scene scene = scenes.generate(seed);
                for (PhraseCaptions.Phrase p : PhraseCaptions.phrases(scene, new SplittableRandom(seed))) {
                    assertThat(vocabulary.wordIds(p.text())).as(p.text()).doesNotContain(unknown);
                    phrases++;
                }
                PhraseCaptions.Caption caption = captions.caption(scene, new SplittableRandom(seed));
                long[] viaTokenizer = tokenizer.encode(captionText(vocabulary, caption)).getIds();
                assertThat(viaTokenizer).as("seed %d", seed).containsExactly(caption.ids());
            }
            assertThat(phrases).isGreaterThan(1000);
            assertThat(tokenizer.encode("Medium-sized STRIPED hexagon.").getIds()).containsExactly(
                    LongStream.concat(LongStream.concat(LongStream.of(vocabulary.id(SynthVocabulary.CLS)),
                            LongStream.of(vocabulary.wordIds("medium - sized striped hexagon ."))),
                            LongStream.of(vocabulary.id(SynthVocabulary.SEP))).toArray());
        }
        assertThat(TextPrompt.cuts(file)).isEqualTo(vocabulary.cuts()).hasSize(4);
        assertThat(vocabulary.size()).isLessThan(100);
    }

    /** The caption's words back as text, from the vocabulary's own ids (the inverse of {@link SynthVocabulary#wordIds}). */
    private static String captionText(SynthVocabulary vocabulary, PhraseCaptions.Caption caption) {
        StringBuilder text = new StringBuilder();
        long[] ids = caption.ids();
        for (int i = 1; i < ids.length - 1; i++) {
            text.append(text.length() == 0 ? "" : " ").append(vocabulary.token(ids[i]));
        }
        return text.toString();
    }

    @Test
    void wordsSplitAsBertSplitsThem() {
        assertThat(SynthVocabulary.words("The medium-sized Red star. ")).isEqualTo(
                List.of("the", "medium", "-", "sized", "red", "star", "."));
    }
}
