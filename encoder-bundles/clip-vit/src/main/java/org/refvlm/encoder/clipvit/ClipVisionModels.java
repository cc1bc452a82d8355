package org.refvlm.encoder.clipvit;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import ai.djl.ndarray.types.Shape;
import org.refvlm.encoder.RandomWeights;
import org.refvlm.encoder.clipvit.internal.ClipVisionTransformer;
import org.refvlm.nn.Parameters;
import org.refvlm.tensor.safetensors.ShardedCheckpoint;
import org.refvlm.tensor.safetensors.TensorSource;
import org.refvlm.tensor.safetensors.WeightLoader;

/** Loads CLIP vision towers from Hugging Face folders (CLIPVisionModel or full CLIPModel checkpoints). */
public final class ClipVisionModels {
    private static final String POSITIONS = "embeddings.position_embedding.weight";

    /** REF-VLM's choice: penultimate layer, CLS dropped. */
    public static final int REF_VLM_LAYER = -2;

    private ClipVisionModels() {
    }

    public static ClipVisionEncoder load(Path folder, Device device) throws IOException {
        return load(folder, device, REF_VLM_LAYER, true);
    }

    public static ClipVisionEncoder load(Path folder, Device device, int selectLayer, boolean dropCls)
            throws IOException {
        ClipVisionConfig config = ClipVisionConfig.fromJson(folder.resolve("config.json"));
        ClipImageProcessorConfig.readChecked(folder, config.imageSize());
        try (TensorSource source = ShardedCheckpoint.open(folder)) {
            return fromCheckpoint(config, source, device, selectLayer, dropCls);
        }
    }

    /**
     * Names are accepted bare or under {@code vision_model.} (CLIPModel); the text tower and
     * projections of a full CLIP checkpoint lie outside that prefix and are ignored.
     */
    public static ClipVisionEncoder fromCheckpoint(ClipVisionConfig config, TensorSource source, Device device,
                                                   int selectLayer, boolean dropCls) throws IOException {
        WeightLoader loader = WeightLoader.strict("CLIPVisionModel").withPrefixes("", "vision_model.")
                .ignoring("embeddings\\.position_ids");
        NDManager manager = Engine.getEngine("PyTorch").newBaseManager(device);
        try {
            Map<String, NDArray> weights = loader.load(source, config.expectedWeights(), manager);
            Parameters store = new Parameters(manager);
            weights.forEach(store::put);
            return new ClipVisionTransformer(config, store, selectLayer, dropCls);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Weights for a CLIP vision tower trained from nothing ({@link RandomWeights}; seed the
     * engine first), with the position embedding a fixed 2-D sine-cosine pattern (as MAE
     * initialises it) rather than N(0, 0.02) noise: a model trained from nothing then knows from
     * the first step where each patch is, which the box decoder reads off the image tokens. The
     * class token's row is zero. Half the channels encode the row, half the column.
     */
    public static Map<String, NDArray> randomWeights(ClipVisionConfig config, NDManager manager) {
        Map<String, NDArray> weights = RandomWeights.draw(config.expectedWeights(), manager);
        int grid = config.imageSize() / config.patchSize(), d = config.hiddenSize();
        float[] table = new float[(1 + grid * grid) * d];
        int quarter = d / 4;
        for (int y = 0; y < grid; y++) {
            for (int x = 0; x < grid; x++) {
                int row = 1 + y * grid + x;
                for (int i = 0; i < quarter; i++) {
                    double omega = 1.0 / Math.pow(10_000, (double) i / quarter);
                    table[row * d + i] = (float) Math.sin(y * omega);
                    table[row * d + quarter + i] = (float) Math.cos(y * omega);
                    table[row * d + 2 * quarter + i] = (float) Math.sin(x * omega);
                    table[row * d + 3 * quarter + i] = (float) Math.cos(x * omega);
                }
            }
        }
        weights.put(POSITIONS, manager.create(table, new Shape(1 + grid * grid, d)));
        return weights;
    }
}
