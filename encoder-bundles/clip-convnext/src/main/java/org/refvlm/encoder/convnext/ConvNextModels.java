package org.refvlm.encoder.convnext;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.refvlm.encoder.RandomWeights;
import org.refvlm.encoder.convnext.internal.ConvNextTrunkModel;
import org.refvlm.nn.Parameters;
import org.refvlm.tensor.safetensors.ShardedCheckpoint;
import org.refvlm.tensor.safetensors.TensorSource;
import org.refvlm.tensor.safetensors.WeightLoader;

/**
 * Loads ConvNeXt trunks with timm names, bare or under open_clip's {@code visual.trunk.} (also
 * {@code trunk.}); everything outside the trunk (open_clip's head, the text tower) and timm's
 * classifier {@code head.*} are ignored.
 */
public final class ConvNextModels {
    static final String[] PREFIXES = {"", "visual.trunk.", "trunk."};

    private ConvNextModels() {
    }

    public static ConvNextTrunk load(Path folder, Device device) throws IOException {
        Path cfg = folder.resolve("config.json");
        JsonNode json = Files.exists(cfg) ? ConvNextConfig.readJson(cfg) : null;
        double eps = json != null && json.has("layer_norm_eps") ? json.get("layer_norm_eps").asDouble() : 1e-6;
        try (TensorSource source = ShardedCheckpoint.open(folder)) {
            ConvNextTrunk t = fromCheckpoint(source, device, eps);
            if (json != null) {
                t.config().checkAgainst(json);
            }
            return t;
        }
    }

    public static ConvNextTrunk fromCheckpoint(TensorSource source, Device device, double eps) throws IOException {
        String prefix = null;
        for (String p : PREFIXES) {
            if (source.names().contains(p + "stem.0.weight")) {
                prefix = p;
                break;
            }
        }
        if (prefix == null) {
            throw new IOException("checkpoint has no ConvNeXt stem (stem.0.weight, optionally under visual.trunk.)");
        }
        ConvNextConfig config = ConvNextConfig.infer(source, prefix, eps);
        WeightLoader loader = WeightLoader.strict("timm ConvNeXt trunk").withPrefixes(prefix)
                .ignoring("head\\..*", "norm_pre\\..*");
        NDManager manager = Engine.getEngine("PyTorch").newBaseManager(device);
        try {
            Map<String, NDArray> weights = loader.load(source, config.expectedWeights(), manager);
            Parameters store = new Parameters(manager);
            weights.forEach(store::put);
            return new ConvNextTrunkModel(config, store);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Weights for a trunk trained from nothing ({@link RandomWeights}; seed the engine first). */
    public static Map<String, NDArray> randomWeights(ConvNextConfig config, NDManager manager) {
        return RandomWeights.draw(config.expectedWeights(), manager);
    }
}
