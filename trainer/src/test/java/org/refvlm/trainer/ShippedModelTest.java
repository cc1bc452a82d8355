package org.refvlm.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.refvlm.core.pipeline.ModelFolder;

/**
 * The default model the project ships: every decoder folder records the base it was trained
 * against, and that base is the one shipped beside it. A retrained base with decoders from before
 * (a stage-3 link of the chain not run again) fails here.
 */
class ShippedModelTest {

    private static final Path MODEL = Path.of("..", "models", "shapes-tiny", "model");

    @Test
    void everyShippedDecoderWasTrainedAgainstTheShippedBase() throws Exception {
        ModelFolder folder = ModelFolder.read(MODEL).orElseThrow();
        assertThat(folder.decoders()).isNotEmpty();
        assertThat(folder.staleDecoders(MODEL))
                .as("decoders whose recorded base is not models/shapes-tiny/model's; retrain them with "
                        + "bin/refvlm train --recipe models/shapes-tiny/recipe.json")
                .isEmpty();
    }
}
