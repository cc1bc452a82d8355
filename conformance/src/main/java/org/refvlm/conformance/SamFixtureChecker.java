package org.refvlm.conformance;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.decoder.sam.model.SamConfig;
import org.refvlm.decoder.sam.model.SamModel;
import org.refvlm.nn.Parameters;

/**
 * {@code sam} fixtures (transformers' {@code SamModel}): the whole model with point prompts
 * (multimask) and with box prompts (single mask), the image encoder alone, and the mask decoder
 * alone on given image embeddings and arbitrary sparse prompt embeddings (how a {@code <REF>}
 * drives SAM), with the no-mask dense embedding.
 */
final class SamFixtureChecker implements FixtureChecker {

    @Override
    public List<CaseResult> run(Path folder, Manifest manifest, Device device) throws Exception {
        List<CaseResult> results = new ArrayList<>();
        SamConfig config = SamConfig.read(folder.resolve("config.json"));
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager(device);
             Parameters params = new Parameters(manager.newSubManager());
             Golden g = new Golden(folder)) {
            SamModel sam = new SamModel(params, config);
            sam.loadWeights(folder);
            for (Manifest.Case c : manifest.cases()) {
                String p = c.name() + ".";
                try (NDManager m = manager.newSubManager()) {
                    double worst = 0;
                    List<String> compared = new ArrayList<>();
                    switch (c.name()) {
                        case "embed" -> {
                            NDArray e = sam.imageEmbeddings(g.array(p + "in.pixel_values", m));
                            worst = compare(g, p + "out.image_embeddings", e, compared);
                        }
                        case "points" -> {
                            long[] labels = g.longs(p + "in.input_labels");
                            int[] ints = new int[labels.length];
                            for (int i = 0; i < labels.length; i++) {
                                ints[i] = (int) labels[i];
                            }
                            SamModel.Masks out = sam.predict(g.array(p + "in.pixel_values", m),
                                    g.array(p + "in.input_points", m), ints, null, true);
                            worst = Math.max(compare(g, p + "out.pred_masks", out.logits(), compared),
                                    compare(g, p + "out.iou_scores", out.iou(), compared));
                        }
                        case "box" -> {
                            SamModel.Masks out = sam.predict(g.array(p + "in.pixel_values", m), null, null,
                                    g.array(p + "in.input_boxes", m), false);
                            worst = Math.max(compare(g, p + "out.pred_masks", out.logits(), compared),
                                    compare(g, p + "out.iou_scores", out.iou(), compared));
                        }
                        case "sparse" -> {
                            SamModel.Masks out = sam.decodeMasks(g.array(p + "in.image_embeddings", m),
                                    g.array(p + "in.sparse_prompt_embeddings", m), null, false);
                            worst = Math.max(compare(g, p + "out.masks", out.logits(), compared),
                                    compare(g, p + "out.iou_pred", out.iou(), compared));
                        }
                        default -> throw new IllegalStateException("unknown SAM case " + c.name());
                    }
                    results.add(CaseResult.numeric(c.name(), worst, c.atol(), String.join(" ", compared)));
                } catch (Exception e) {
                    results.add(CaseResult.error(c.name(), e.toString()));
                }
            }
        }
        return results;
    }

    /** Max abs difference, infinite when the shapes differ. */
    private static double compare(Golden g, String name, NDArray actual, List<String> compared) throws Exception {
        long[] expected = g.shape(name);
        compared.add(name.substring(name.lastIndexOf('.') + 1));
        if (!java.util.Arrays.equals(expected, actual.getShape().getShape())) {
            return Double.POSITIVE_INFINITY;
        }
        return Diffs.maxAbs(actual.toFloatArray(), g.floats(name));
    }
}
