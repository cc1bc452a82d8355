package org.refvlm.conformance;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.refvlm.encoder.clipvit.ClipImageProcessor;
import org.refvlm.encoder.clipvit.ClipImageProcessorConfig;
import org.refvlm.encoder.clipvit.ClipVisionEncoder;
import org.refvlm.encoder.clipvit.ClipVisionModels;
import org.refvlm.encoder.clipvit.ClipVisionOutput;

/**
 * {@code clip-vision} fixtures: a case with {@code in.pixel_values} is a tower forward
 * (hidden states, last state, pooled output); a case with {@code inputs_file} is preprocessing
 * of that image at the tower's image size with the manifest's mean and std.
 */
final class ClipVisionFixtureChecker implements FixtureChecker {

    @Override
    public List<CaseResult> run(Path folder, Manifest manifest, Device device) throws Exception {
        List<CaseResult> results = new ArrayList<>();
        try (ClipVisionEncoder model = ClipVisionModels.load(folder, device);
             Golden g = new Golden(folder);
             NDManager manager = Engine.getEngine("PyTorch").newBaseManager(device)) {
            for (Manifest.Case c : manifest.cases()) {
                String p = c.name() + ".";
                try (NDManager m = manager.newSubManager()) {
                    if (g.has(p + "in.pixel_values")) {
                        results.add(forward(model, g, c, m));
                    } else if (c.raw().hasNonNull("inputs_file")) {
                        results.add(preprocess(folder, model, g, c));
                    } else {
                        results.add(CaseResult.error(c.name(), "no recognised inputs"));
                    }
                } catch (Exception e) {
                    results.add(CaseResult.error(c.name(), e.toString()));
                }
            }
        }
        return results;
    }

    private CaseResult forward(ClipVisionEncoder model, Golden g, Manifest.Case c, NDManager m) throws Exception {
        String p = c.name() + ".";
        ClipVisionOutput out = model.forward(g.array(p + "in.pixel_values", m), m);
        double worst = 0;
        List<String> compared = new ArrayList<>();
        for (String name : g.withPrefix(p + "out.")) {
            String key = name.substring((p + "out.").length());
            NDArray actual;
            if (key.equals("last_hidden_state")) {
                actual = out.lastHiddenState();
            } else if (key.equals("pooler_output")) {
                actual = out.pooledOutput();
            } else if (key.startsWith("hidden_states.")) {
                int i = Integer.parseInt(key.substring("hidden_states.".length()));
                if (i >= out.hiddenStates().size()) {
                    return CaseResult.error(c.name(), "no hidden state " + i);
                }
                actual = out.hiddenStates().get(i);
            } else {
                return CaseResult.error(c.name(), "unknown output " + key);
            }
            worst = Math.max(worst, Diffs.maxAbs(actual.toFloatArray(), g.floats(name)));
            compared.add(key);
        }
        return CaseResult.numeric(c.name(), worst, c.atol(), String.join(" ", compared));
    }

    private CaseResult preprocess(Path folder, ClipVisionEncoder model, Golden g, Manifest.Case c) throws Exception {
        JsonNode raw = c.raw();
        String outName = c.name() + ".out.pixel_values";
        long[] shape = g.shape(outName); // [1, 3, H, W]
        float[] mean = floats(raw.get("image_mean"), ClipImageProcessorConfig.CLIP_MEAN);
        float[] std = floats(raw.get("image_std"), ClipImageProcessorConfig.CLIP_STD);
        int size = model.config().imageSize();
        ClipImageProcessorConfig cfg = new ClipImageProcessorConfig(size, (int) shape[2], (int) shape[3], 1.0 / 255.0,
                mean, std, true);
        BufferedImage img = ImageIO.read(folder.resolve(raw.get("inputs_file").asText()).toFile());
        float[] actual = new ClipImageProcessor(cfg).process(img);
        return CaseResult.numeric(c.name(), Diffs.maxAbs(actual, g.floats(outName)), c.atol(),
                "antialiased bicubic " + img.getWidth() + "x" + img.getHeight() + " -> " + shape[3] + "x" + shape[2]);
    }

    private static float[] floats(JsonNode n, float[] def) {
        if (n == null || !n.isArray()) {
            return def;
        }
        float[] f = new float[n.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) n.get(i).asDouble();
        }
        return f;
    }
}
