package org.refvlm.trainer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.SceneGenerator;
import org.refvlm.data.synth.SceneObject;

class EncoderPretrainingTest {

    private final Scene scene = new SceneGenerator(SceneConfig.DEFAULT).generate(42);

    @Test
    void everyCellHasOneClassPerAttributeAndObjectCentresNameTheirObject() {
        int side = 16;
        float[] oneHot = EncoderPretraining.oneHot(List.of(scene), side, side);
        int k = EncoderPretraining.CLASSES;
        for (int c = 0; c < side * side; c++) {
            float sum = 0;
            for (int j = 0; j < k; j++) {
                sum += oneHot[c * k + j];
            }
            assertThat(sum).as("cell %d", c).isEqualTo(4f);
        }
        int cellPixels = scene.width() / side;
        int checked = 0;
        for (int i = 0; i < scene.objects().size(); i++) {
            SceneObject o = scene.objects().get(i);
            int x = (int) (o.cx() / cellPixels), y = (int) (o.cy() / cellPixels);
            int px = Math.min(scene.width() - 1, (int) ((x + 0.5) * cellPixels));
            int py = Math.min(scene.height() - 1, (int) ((y + 0.5) * cellPixels));
            if (scene.labels()[py * scene.width() + px] != i) {
                continue; // that cell's centre shows another object or the background
            }
            int at = (y * side + x) * k;
            assertThat(oneHot[at + 1 + o.kind().ordinal()]).as("shape of object %d", i).isEqualTo(1f);
            assertThat(oneHot[at]).as("not background").isZero();
            checked++;
        }
        assertThat(checked).isPositive();
    }

    @Test
    void objectsAndBackgroundWeighHalfEach() {
        float[] oneHot = EncoderPretraining.oneHot(List.of(scene, new SceneGenerator(SceneConfig.DEFAULT).generate(7)), 8, 8);
        float[] weights = EncoderPretraining.cellWeights(oneHot);
        double background = 0, objects = 0;
        for (int c = 0; c < weights.length; c++) {
            if (oneHot[c * EncoderPretraining.CLASSES] > 0) {
                background += weights[c];
            } else {
                objects += weights[c];
            }
        }
        assertThat(background).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(objects).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-6));
    }
}
