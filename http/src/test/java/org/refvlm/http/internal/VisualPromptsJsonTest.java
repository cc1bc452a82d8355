package org.refvlm.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.refvlm.api.CocoRle;
import org.refvlm.api.RgbImage;
import org.refvlm.api.VisualPrompt;

class VisualPromptsJsonTest {

    private static final RgbImage IMAGE = new RgbImage(8, 6, new byte[8 * 6 * 3]);

    @Test
    void readsEveryKindOfPrompt() throws Exception {
        boolean[] mask = new boolean[6 * 8];
        mask[2 * 8 + 3] = true;
        mask[2 * 8 + 4] = true;
        String counts = CocoRle.encode(mask, 6, 8).toCompactString();
        List<VisualPrompt> p = VisualPromptsJson.parse("""
                [{"type": "point", "x": 1, "y": 2},
                 {"type": "box", "x0": 1, "y0": 1, "x1": 7.5, "y1": 6},
                 {"type": "scribble", "points": [[0, 0], [8, 6]]},
                 {"type": "mask", "size": [6, 8], "counts": "%s"}]""".formatted(counts), IMAGE, 8);
        assertThat(p).hasSize(4);
        assertThat(p.get(0)).isEqualTo(new VisualPrompt.Point(1, 2));
        assertThat(p.get(1)).isEqualTo(new VisualPrompt.Box(1, 1, 7.5, 6));
        assertThat(((VisualPrompt.Scribble) p.get(2)).points()).hasSize(2);
        assertThat(((VisualPrompt.Mask) p.get(3)).mask().decode()).isEqualTo(mask);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{|prompts is not JSON",
        "{\"type\": \"point\"}|prompts must be a JSON list",
        "[{\"type\": \"circle\"}]|prompts[0]: type must be point, box, scribble or mask, got 'circle'",
        "[{\"type\": \"point\", \"x\": 1}]|prompts[0]: 'y' must be a number",
        "[{\"type\": \"point\", \"x\": 9, \"y\": 1}]|prompts[0]: x = 9.0 lies outside the picture (0 to 8)",
        "[{\"type\": \"scribble\", \"points\": []}]|a scribble needs",
        "[{\"type\": \"scribble\", \"points\": [[1]]}]|scribble points must be [x, y] number pairs",
        "[{\"type\": \"mask\", \"size\": [2, 2], \"counts\": \"4\"}]|the mask is 2x2 but the picture is 8x6",
        "[{\"type\": \"mask\", \"counts\": \"4\"}]|a mask needs \"size\"",
    })
    void namesWhatIsWrong(String json, String message) {
        assertThatThrownBy(() -> VisualPromptsJson.parse(json, IMAGE, 8)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void limitsTheNumberOfPrompts() {
        assertThatThrownBy(() -> VisualPromptsJson.parse("[{\"type\":\"point\",\"x\":1,\"y\":1},{\"type\":\"point\",\"x\":1,\"y\":1}]",
                IMAGE, 1)).hasMessageContaining("prompts holds 2 visual prompts; at most 1");
    }
}
