package org.refvlm.conformance;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.decoder.groundingdino.model.GroundingDino;
import org.refvlm.decoder.groundingdino.model.GroundingDinoModels;
import org.refvlm.decoder.groundingdino.model.TextTokens;

/**
 * {@code grounding-dino} fixtures: the whole {@code GroundingDinoForObjectDetection} forward from
 * token ids, attention mask and pixels; logits (with their -inf columns, which must match exactly),
 * boxes and the decoder's last hidden state.
 */
final class GroundingDinoFixtureChecker implements FixtureChecker {

    @Override
    public List<CaseResult> run(Path folder, Manifest manifest, Device device) throws Exception {
        List<CaseResult> results = new ArrayList<>();
        GroundingDino model = GroundingDinoModels.load(folder, device);
        try (NDManager manager = model.parameters().manager().newSubManager();
             Golden g = new Golden(folder)) {
            for (Manifest.Case c : manifest.cases()) {
                String p = c.name() + ".";
                try (NDManager m = manager.newSubManager()) {
                    long[][] ids = rows(g.longs(p + "in.input_ids"), g.shape(p + "in.input_ids"));
                    long[][] mask = rows(g.longs(p + "in.attention_mask"), g.shape(p + "in.attention_mask"));
                    TextTokens text = model.encodeCaption(ids, mask, m);
                    GroundingDino.Output out = model.forward(g.array(p + "in.pixel_values", m), text);
                    double worst = 0;
                    List<String> compared = new ArrayList<>();
                    for (String name : g.withPrefix(p + "out.")) {
                        String key = name.substring((p + "out.").length());
                        NDArray actual = switch (key) {
                            case "logits" -> model.paddedLogits(out.finalLogits(), text.tokenMask());
                            case "pred_boxes" -> out.finalBoxes();
                            case "last_hidden_state" -> out.lastHidden();
                            default -> throw new IllegalStateException("unknown output " + key);
                        };
                        worst = Math.max(worst, maxAbsWithInfinities(actual.toFloatArray(), g.floats(name)));
                        compared.add(key);
                    }
                    results.add(CaseResult.numeric(c.name(), worst, c.atol(), String.join(" ", compared)));
                } catch (Exception e) {
                    results.add(CaseResult.error(c.name(), e.toString()));
                }
            }
        } finally {
            model.parameters().close();
        }
        return results;
    }

    private static long[][] rows(long[] flat, long[] shape) {
        int b = (int) shape[0];
        int t = (int) shape[1];
        long[][] out = new long[b][t];
        for (int i = 0; i < b; i++) {
            System.arraycopy(flat, i * t, out[i], 0, t);
        }
        return out;
    }

    /** Equal infinities count as no difference; an infinity against a finite value as an infinite one. */
    private static double maxAbsWithInfinities(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            if (Float.isInfinite(a[i]) || Float.isInfinite(b[i])) {
                if (a[i] != b[i]) {
                    return Double.POSITIVE_INFINITY;
                }
                continue;
            }
            double d = Math.abs((double) a[i] - b[i]);
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            m = Math.max(m, d);
        }
        return m;
    }
}
