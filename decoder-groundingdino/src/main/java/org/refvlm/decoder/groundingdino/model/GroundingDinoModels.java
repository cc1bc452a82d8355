package org.refvlm.decoder.groundingdino.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.refvlm.nn.Parameters;
import org.refvlm.tensor.safetensors.ShardedCheckpoint;
import org.refvlm.tensor.safetensors.TensorSource;
import org.refvlm.tensor.safetensors.WeightLoader;

/**
 * Loads a Hugging Face {@code GroundingDinoForObjectDetection} folder ({@code config.json} and
 * {@code model.safetensors}, possibly sharded). Every parameter's name and shape is checked before
 * any is read and every problem is named at once. Checkpoints written by older transformers also
 * hold the tied copies of the shared box head ({@code bbox_embed.1..}, {@code model.decoder.bbox_embed.*});
 * those are accepted and ignored.
 */
public final class GroundingDinoModels {

    private GroundingDinoModels() {
    }

    public static GroundingDino load(Path folder, Device device) throws IOException {
        GroundingDinoConfig config = GroundingDinoConfig.read(folder.resolve("config.json"));
        NDManager manager = Engine.getEngine("PyTorch").newBaseManager(device);
        try {
            Parameters params = new Parameters(manager, 0);
            GroundingDino model = new GroundingDino(config, params);
            try (TensorSource source = ShardedCheckpoint.open(folder)) {
                params.load(source, loader(config));
            }
            return model;
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Strict about everything but the tied copies of a shared box head. */
    public static WeightLoader loader(GroundingDinoConfig config) {
        WeightLoader strict = WeightLoader.strict("Grounding DINO (GroundingDinoForObjectDetection)");
        return config.decoderBoxEmbedShare()
                ? strict.ignoring("bbox_embed\\.[1-9][0-9]*\\..*", "model\\.decoder\\.bbox_embed\\..*")
                : strict.ignoring("model\\.decoder\\.bbox_embed\\..*");
    }
}
