package org.refvlm.conformance;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.encoder.convnext.ConvNextModels;
import org.refvlm.encoder.convnext.ConvNextOutput;
import org.refvlm.encoder.convnext.ConvNextTrunk;

/** {@code convnext-trunk} fixtures: stem, every stage and norm_pre. */
final class ConvNextFixtureChecker implements FixtureChecker {

    @Override
    public List<CaseResult> run(Path folder, Manifest manifest, Device device) throws Exception {
        List<CaseResult> results = new ArrayList<>();
        try (ConvNextTrunk model = ConvNextModels.load(folder, device);
             Golden g = new Golden(folder);
             NDManager manager = Engine.getEngine("PyTorch").newBaseManager(device)) {
            for (Manifest.Case c : manifest.cases()) {
                String p = c.name() + ".";
                try (NDManager m = manager.newSubManager()) {
                    if (!g.has(p + "in.pixel_values")) {
                        results.add(CaseResult.error(c.name(), "no in.pixel_values"));
                        continue;
                    }
                    ConvNextOutput out = model.forward(g.array(p + "in.pixel_values", m), m);
                    double worst = 0;
                    List<String> compared = new ArrayList<>();
                    for (String name : g.withPrefix(p + "out.")) {
                        String key = name.substring((p + "out.").length());
                        NDArray actual;
                        if (key.equals("stem")) {
                            actual = out.stem();
                        } else if (key.equals("norm_pre")) {
                            actual = out.normPre();
                        } else if (key.startsWith("stage.")) {
                            actual = out.stages().get(Integer.parseInt(key.substring("stage.".length())));
                        } else {
                            throw new IllegalStateException("unknown output " + key);
                        }
                        worst = Math.max(worst, Diffs.maxAbs(actual.toFloatArray(), g.floats(name)));
                        compared.add(key);
                    }
                    results.add(CaseResult.numeric(c.name(), worst, c.atol(), String.join(" ", compared)));
                } catch (Exception e) {
                    results.add(CaseResult.error(c.name(), e.toString()));
                }
            }
        }
        return results;
    }
}
