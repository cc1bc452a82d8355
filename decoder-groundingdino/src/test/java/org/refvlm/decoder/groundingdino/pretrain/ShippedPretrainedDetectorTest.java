package org.refvlm.decoder.groundingdino.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.refvlm.data.Box;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.SceneGenerator;
import org.refvlm.data.synth.Seeds;
import org.refvlm.data.synth.Split;
import org.refvlm.decoder.groundingdino.model.CaptionDetector;
import org.refvlm.decoder.groundingdino.model.GroundingDino;
import org.refvlm.decoder.groundingdino.model.GroundingDinoModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Grounding DINO the default model ships pretrained ({@code models/shapes-tiny/groundingdino/pretrained})
 * grounds text prompts, read the way a user runs it ({@code grounding-dino detect}: its own
 * tokenizer.json, a one-phrase caption, the best-scoring detection): on validation scenes, each
 * object the world names uniquely, captioned by that phrase, must be boxed at IoU >= 0.5 more often
 * than not (measured when it was made: 123 of 210 phrases of 50 scenes, 0.586).
 */
class ShippedPretrainedDetectorTest {

    private static final Logger LOG = LoggerFactory.getLogger(ShippedPretrainedDetectorTest.class);
    private static final Path FOLDER = Path.of("..", "models", "shapes-tiny", "groundingdino", "pretrained");

    @Test
    void aOnePhraseCaptionBoxesItsObject() throws Exception {
        GroundingDino model = GroundingDinoModels.load(FOLDER, Device.cpu());
        SceneGenerator scenes = new SceneGenerator(SceneConfig.DEFAULT);
        int asked = 0;
        int boxed = 0;
        try (CaptionDetector detector = CaptionDetector.of(FOLDER.resolve("tokenizer.json"));
             NDManager m = model.parameters().manager().newSubManager()) {
            for (int s = 0; s < 50; s++) {
                long seed = Seeds.sceneSeed(4242, Split.VAL, s);
                Scene scene = scenes.generate(seed);
                for (PhraseCaptions.Phrase phrase : PhraseCaptions.phrases(scene, new SplittableRandom(seed))) {
                    try (NDManager step = m.newSubManager()) {
                        List<CaptionDetector.Detection> found = detector.detect(model, scene.picture(),
                                phrase.text() + ".", 128, 0.0, 0.0, step);
                        CaptionDetector.Detection top = found.get(0);
                        asked++;
                        if (iou(top, scene.boxes().get(phrase.object())) >= 0.5) {
                            boxed++;
                        }
                    }
                }
            }
        } finally {
            model.parameters().close();
        }
        double accuracy = boxed / (double) asked;
        LOG.info("shipped pretrained Grounding DINO: {} of {} one-phrase captions boxed at IoU >= 0.5 ({})", boxed,
                asked, accuracy);
        assertThat(asked).isGreaterThan(150);
        assertThat(accuracy).isGreaterThan(0.5);
    }

    private static double iou(CaptionDetector.Detection d, Box g) {
        double ix = Math.max(0, Math.min(d.x1(), g.x1()) - Math.max(d.x0(), g.x0()));
        double iy = Math.max(0, Math.min(d.y1(), g.y1()) - Math.max(d.y0(), g.y0()));
        double inter = ix * iy;
        return inter / ((d.x1() - d.x0()) * (d.y1() - d.y0()) + (g.x1() - g.x0()) * (g.y1() - g.y0()) - inter);
    }
}
