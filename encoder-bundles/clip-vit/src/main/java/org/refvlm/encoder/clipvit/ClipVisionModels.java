package org.refvlm.encoder.clipvit;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.refvlm.encoder.clipvit.internal.ClipVisionTransformer;
import org.refvlm.tensor.ParameterStore;
import org.refvlm.tensor.safetensors.ShardedCheckpoint;
import org.refvlm.tensor.safetensors.TensorSource;
import org.refvlm.tensor.safetensors.WeightLoader;

/** Loads CLIP vision towers from Hugging Face folders (CLIPVisionModel or full CLIPModel checkpoints). */
public final class ClipVisionModels {
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
            ParameterStore store = new ParameterStore(manager);
            weights.forEach(store::put);
            return new ClipVisionTransformer(config, store, selectLayer, dropCls);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}
