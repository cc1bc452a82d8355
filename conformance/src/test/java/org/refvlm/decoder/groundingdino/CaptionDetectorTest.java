package org.refvlm.decoder.groundingdino;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.TestFixtures;
import org.refvlm.api.RgbImage;
import org.refvlm.decoder.groundingdino.model.CaptionDetector;
import org.refvlm.decoder.groundingdino.model.GroundingDino;
import org.refvlm.decoder.groundingdino.model.GroundingDinoModels;
import org.refvlm.tensor.safetensors.SafetensorsFile;

/**
 * A caption goes through a BERT tokenizer.json (DJL's Hugging Face tokenizers) to the ids the
 * grounding-dino-tiny fixture was made with, and the whole text-prompt route detects in a picture:
 * boxes inside it, labels made of the caption's words. The fixture's vocabulary is random, so the
 * tokenizer here is a WordPiece one whose word "wN" has id N ([CLS] 101, [SEP] 102 as in BERT).
 */
class CaptionDetectorTest {

    @TempDir
    Path dir;

    private Path tokenizer() throws Exception {
        StringBuilder vocab = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String token = switch (i) {
                case 0 -> "[PAD]";
                case 100 -> "[UNK]";
                case 101 -> "[CLS]";
                case 102 -> "[SEP]";
                default -> "w" + i;
            };
            vocab.append(i == 0 ? "" : ",").append('"').append(token).append("\":").append(i);
        }
        String json = """
                {"version": "1.0", "truncation": null, "padding": null, "added_tokens": [
                  {"id": 0, "content": "[PAD]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                  {"id": 100, "content": "[UNK]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                  {"id": 101, "content": "[CLS]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                  {"id": 102, "content": "[SEP]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
                 "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": null, "lowercase": true},
                 "pre_tokenizer": {"type": "BertPreTokenizer"},
                 "post_processor": {"type": "TemplateProcessing",
                   "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
                   "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}, {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
                   "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [101], "tokens": ["[CLS]"]}, "[SEP]": {"id": "[SEP]", "ids": [102], "tokens": ["[SEP]"]}}},
                 "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": true},
                 "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": {VOCAB}}}
                """.replace("{VOCAB}", "{" + vocab + "}");
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void aCaptionTokenisesToTheFixtureIdsAndDetectsInAPicture() throws Exception {
        Path fixture = TestFixtures.folder("grounding-dino-tiny");
        long[] expected;
        try (SafetensorsFile golden = SafetensorsFile.open(fixture.resolve("golden.safetensors"))) {
            expected = golden.readLongs("forward.in.input_ids");
        }
        GroundingDino model = GroundingDinoModels.load(fixture, Device.cpu());
        try (CaptionDetector detector = CaptionDetector.of(tokenizer());
             NDManager m = model.parameters().manager().newSubManager()) {
            assertThat(detector.ids("W17 w33 w45 w60")).containsExactly(expected);
            byte[] rgb = new byte[96 * 64 * 3];
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] = (byte) (i * 7 % 253);
            }
            List<CaptionDetector.Detection> found = detector.detect(model, new RgbImage(96, 64, rgb), "w17 w33 w45 w60",
                    128, 0.0, 0.5, m);
            assertThat(found).hasSize(model.config().numQueries());
            for (CaptionDetector.Detection d : found) {
                assertThat(d.x0()).isBetween(0.0, 96.0);
                assertThat(d.x1()).isBetween(d.x0(), 96.0);
                assertThat(d.score()).isBetween(0.0, 1.0);
                assertThat(d.label()).matches("(w(17|33|45|60)( |$))*");
            }
        } finally {
            model.parameters().close();
        }
    }
}
