package org.refvlm.trainer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.core.pipeline.ModelFolder;

/**
 * The selftest's request uses the decoders the platform would serve: per unit the highest
 * ranking, the first listed among equals (the default model brings DETR and Grounding DINO at
 * ranking -1 for boxes, which once stopped the selftest with "two decoders for unit 'box'").
 */
class SelfTestServingTest {

    @Test
    void theHighestRankingServesEachUnitAndTheFirstListedAmongEquals() {
        ModelFolder.Decoder detr = new ModelFolder.Decoder("box", "detr", "decoders/box", null, null);
        ModelFolder.Decoder gdino = new ModelFolder.Decoder("box", "groundingdino", "decoders/box-groundingdino", null, -1);
        ModelFolder.Decoder mask = new ModelFolder.Decoder("mask", "maskformer", "decoders/mask", null, null);
        ModelFolder.Decoder sam = new ModelFolder.Decoder("mask", "sam", "decoders/mask-sam", null, null);
        ModelFolder.Decoder depth = new ModelFolder.Decoder("depth", "depth", "decoders/depth", null, 3);

        assertThat(SelfTest.serving(List.of(gdino, detr, mask, sam, depth)))
                .containsExactly(detr, mask, depth);
        assertThat(SelfTest.serving(List.of(detr, gdino.rankedAt(5)))).containsExactly(gdino.rankedAt(5));
    }
}
