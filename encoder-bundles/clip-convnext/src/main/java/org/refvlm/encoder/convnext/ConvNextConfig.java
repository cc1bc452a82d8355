package org.refvlm.encoder.convnext;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.tensor.safetensors.TensorSource;

/**
 * timm ConvNeXt trunk geometry. Checkpoints rarely carry a config (open_clip keeps its own), so
 * {@link #infer} reads it from the weight shapes; a config file, when present, is cross-checked.
 *
 * @param depths      blocks per stage
 * @param dims        channels per stage
 * @param stemPatch   patchify stem kernel = stride (4)
 * @param kernelSize  depthwise kernel (7)
 * @param mlpRatio    hidden width / dim of the block MLP (4)
 * @param layerScale  whether blocks carry {@code gamma}
 * @param eps         LayerNorm epsilon (timm: 1e-6)
 */
public record ConvNextConfig(int inChannels, List<Integer> depths, List<Integer> dims, int stemPatch, int kernelSize,
                             int mlpRatio, boolean layerScale, double eps) {

    public ConvNextConfig {
        depths = List.copyOf(depths);
        dims = List.copyOf(dims);
        if (depths.size() != dims.size() || depths.isEmpty()) {
            throw new IllegalArgumentException("depths and dims must have the same non-zero length");
        }
    }

    /** timm names with their shapes (no prefix). */
    public Map<String, Shape> expectedWeights() {
        Map<String, Shape> m = new LinkedHashMap<>();
        int d0 = dims.get(0);
        m.put("stem.0.weight", new Shape(d0, inChannels, stemPatch, stemPatch));
        m.put("stem.0.bias", new Shape(d0));
        m.put("stem.1.weight", new Shape(d0));
        m.put("stem.1.bias", new Shape(d0));
        for (int s = 0; s < dims.size(); s++) {
            int d = dims.get(s);
            String p = "stages." + s + ".";
            if (s > 0) {
                int prev = dims.get(s - 1);
                m.put(p + "downsample.0.weight", new Shape(prev));
                m.put(p + "downsample.0.bias", new Shape(prev));
                m.put(p + "downsample.1.weight", new Shape(d, prev, 2, 2));
                m.put(p + "downsample.1.bias", new Shape(d));
            }
            for (int b = 0; b < depths.get(s); b++) {
                String q = p + "blocks." + b + ".";
                m.put(q + "conv_dw.weight", new Shape(d, 1, kernelSize, kernelSize));
                m.put(q + "conv_dw.bias", new Shape(d));
                m.put(q + "norm.weight", new Shape(d));
                m.put(q + "norm.bias", new Shape(d));
                m.put(q + "mlp.fc1.weight", new Shape((long) mlpRatio * d, d));
                m.put(q + "mlp.fc1.bias", new Shape((long) mlpRatio * d));
                m.put(q + "mlp.fc2.weight", new Shape(d, (long) mlpRatio * d));
                m.put(q + "mlp.fc2.bias", new Shape(d));
                if (layerScale) {
                    m.put(q + "gamma", new Shape(d));
                }
            }
        }
        return m;
    }

    /** Reads the geometry from tensor names and shapes under {@code prefix}. */
    public static ConvNextConfig infer(TensorSource source, String prefix, double eps) {
        String stem = prefix + "stem.0.weight";
        if (!source.names().contains(stem)) {
            throw new IllegalArgumentException("no " + stem + " in checkpoint: not a timm ConvNeXt trunk");
        }
        long[] st = source.info(stem).shape();
        List<Integer> depths = new ArrayList<>();
        List<Integer> dims = new ArrayList<>();
        for (int s = 0; source.names().contains(prefix + "stages." + s + ".blocks.0.norm.weight"); s++) {
            int b = 0;
            while (source.names().contains(prefix + "stages." + s + ".blocks." + b + ".norm.weight")) {
                b++;
            }
            depths.add(b);
            dims.add((int) source.info(prefix + "stages." + s + ".blocks.0.norm.weight").shape()[0]);
        }
        if (dims.isEmpty()) {
            throw new IllegalArgumentException("no stages.N.blocks in checkpoint under '" + prefix + "'");
        }
        long[] dw = source.info(prefix + "stages.0.blocks.0.conv_dw.weight").shape();
        long[] fc1 = source.info(prefix + "stages.0.blocks.0.mlp.fc1.weight").shape();
        boolean ls = source.names().contains(prefix + "stages.0.blocks.0.gamma");
        return new ConvNextConfig((int) st[1], depths, dims, (int) st[2], (int) dw[2], (int) (fc1[0] / fc1[1]), ls, eps);
    }

    /**
     * The folder's {@code config.json}: the timm trunk's geometry ({@code depths}, {@code dims})
     * and {@code layer_norm_eps}, which {@link ConvNextModels#load} checks the weights against.
     * open_clip folders come without one; the project writes it into the model folders it creates.
     */
    public String toJson() {
        com.fasterxml.jackson.databind.node.ObjectNode j = new ObjectMapper().createObjectNode();
        j.put("model_type", "convnext");
        j.put("num_channels", inChannels);
        depths.forEach(j.putArray("depths")::add);
        dims.forEach(j.putArray("dims")::add);
        j.put("patch_size", stemPatch);
        j.put("kernel_size", kernelSize);
        j.put("mlp_ratio", mlpRatio);
        j.put("layer_scale", layerScale);
        j.put("layer_norm_eps", eps);
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(j) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads {@code depths}, {@code dims}, {@code layer_norm_eps} from a config file, when it has them. */
    public static JsonNode readJson(Path configJson) throws IOException {
        return new ObjectMapper().readTree(configJson.toFile());
    }

    /** Throws when a config file disagrees with the inferred geometry. */
    public void checkAgainst(JsonNode json) {
        if (json.has("depths")) {
            List<Integer> d = new ArrayList<>();
            json.get("depths").forEach(n -> d.add(n.asInt()));
            if (!d.equals(depths)) {
                throw new IllegalArgumentException("config depths " + d + " differ from checkpoint " + depths);
            }
        }
        if (json.has("dims")) {
            List<Integer> d = new ArrayList<>();
            json.get("dims").forEach(n -> d.add(n.asInt()));
            if (!d.equals(dims)) {
                throw new IllegalArgumentException("config dims " + d + " differ from checkpoint " + dims);
            }
        }
    }
}
