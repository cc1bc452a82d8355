package org.refvlm.trainer.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.refvlm.core.pipeline.ImageInputs;
import org.refvlm.decoder.detr.service.DetrDecoderFactory;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.trainer.Recipe;
import org.refvlm.trainer.TrainingExample;
import org.refvlm.training.MicroBatch;
import org.refvlm.training.Trainer;
import org.refvlm.training.TrainingConfig;

/**
 * Diagnostic, not a test: trains a recipe's box (or mask) decoder and the encoders with oracle
 * queries (a fixed random vector per word of the target's phrase, summed) instead of REF
 * states, to tell apart "the language model's REF states carry nothing yet" from "the decoder
 * cannot yet find what a query describes". Prints the loss per step.
 *
 * <pre>OracleProbe RECIPE INIT_MODEL_DIR OUT_DIR STEPS [box|mask] [frozen]</pre>
 * System properties: {@code lr} (default 1e-3); {@code colour=true} keeps only colour words;
 * {@code cell=true} replaces the phrase by the target's 64-pixel grid cell (a query that says
 * where, not what); {@code cycle=N} repeats the first N examples (memorisation check);
 * {@code ideal=true} replaces the encoders' maps at strides 8 to 32 by perfect ones: per cell the
 * one-hot shape, colour, pattern and size of the object there (use a recipe whose decoder takes
 * those levels with {@code EncoderPretraining.CLASSES} channels each), which tells a decoder that
 * cannot learn from one that lacks features. Log {@code org.refvlm.decoder.detr} at trace level to
 * see the box and grounding losses apart.
 * The classpath is the trainer's test classpath; run with ENGINE_CACHE_DIR pointing at
 * {@code distribution/target/refvlm/engine}.
 */
public final class OracleProbe {
    public static void main(String[] args) throws Exception {
        Recipe recipe = Recipe.read(Path.of(args[0]));
        ModelParts parts = ModelParts.load(Path.of(args[1]), Device.cpu());
        boolean mask = args.length > 4 && args[4].equals("mask");
        TrainableDecoder detr = mask
                ? new org.refvlm.decoder.maskformer.service.MaskFormerDecoderFactory().create(recipe.decoders().get(1).config().toString(), parts.manager(), 1)
                : new DetrDecoderFactory().create(recipe.decoders().get(0).config().toString(), parts.manager(), 1);
        parts.decoders.add(mask ? "mask" : "box", "x", detr);
        parts.configure(org.refvlm.trainer.TrainingStage.JOINT, true);
        parts.lm.setTrainable("", false);
        if (args.length > 5 && args[5].equals("frozen")) {
            parts.vit.setTrainable(false);
            parts.pyramid.setTrainable(false);
        }
        parts.projector.parameters().values().forEach(p -> p.setRequiresGradient(false));
        Map<String, NDArray> params = new LinkedHashMap<>();
        parts.parameters().forEach((k, v) -> { if (v.hasGradient()) params.put(k, v); });
        SyntheticExamples source = new SyntheticExamples(recipe.data().get(mask ? 1 : 0).synthetic());
        Map<String, float[]> wordVectors = new LinkedHashMap<>();
        Random rnd = new Random(3);
        int width = parts.lm.config().hiddenSize();
        int batch = 16;
        TrainingConfig config = new TrainingConfig(Long.parseLong(args[3]), Double.parseDouble(System.getProperty("lr", "1e-3")), 50, 1e-5, 0.01, 0.9, 0.999, 1e-8, 1.0, 1, 1, 0, Path.of(args[2]));
        Trainer<List<TrainingExample>> trainer = new Trainer<>(config, params, (seed, index, m) -> {
            List<TrainingExample> out = new ArrayList<>();
            for (int k = 0; k < batch; k++) {
                long cycle = Long.getLong("cycle", Long.MAX_VALUE);
                out.add(source.example((index * batch + k) % cycle));
            }
            return out;
        }, (MicroBatch<List<TrainingExample>> micro) -> {
            NDManager m = micro.manager();
            List<TrainingExample> b = micro.data();
            NDList vp = new NDList(), pp = new NDList();
            for (TrainingExample e : b) {
                vp.add(ImageInputs.pixels(e.image(), parts.vit.inputSize().getAsInt(), m));
                pp.add(ImageInputs.pixels(e.image(), recipe.pipeline().pyramidSide(), m));
            }
            NDArray vit = parts.vit.features(NDArrays.concat(vp, 0), m).get(0);             // [B, N, C]
            Map<String, NDArray> features = new LinkedHashMap<>(org.refvlm.core.pipeline.DecoderFeatures.of(vit,
                    parts.pyramid.features(NDArrays.concat(pp, 0), m)));
            if (Boolean.getBoolean("ideal")) {
                List<org.refvlm.data.synth.Scene> scenes = new ArrayList<>();
                for (int k = 0; k < b.size(); k++) {
                    scenes.add(source.scene((micro.global() * batch + k) % Long.getLong("cycle", Long.MAX_VALUE)));
                }
                for (int side : new int[] {32, 16, 8, 4}) {
                    int k = EncoderPretraining.CLASSES;
                    features.put("stride" + (128 / side), m.create(EncoderPretraining.oneHot(scenes, side, side),
                            new Shape(b.size(), side, side, k)).transpose(0, 3, 1, 2));
                }
            }
            int length = detr.spec().maxQueries();
            float[] q = new float[b.size() * length * width];
            boolean[] valid = new boolean[b.size() * length];
            List<TargetGroup> targets = new ArrayList<>();
            List<ImageFrame> frames = new ArrayList<>();
            for (int i = 0; i < b.size(); i++) {
                TrainingExample e = b.get(i);
                TrainingExample.Group grp = e.groups().get(0);
                java.util.Set<String> colours = java.util.Set.of("red", "green", "blue", "yellow", "orange", "purple", "pink", "cyan", "white", "black");
                boolean colourOnly = Boolean.getBoolean("colour");
                java.util.List<String> words = new java.util.ArrayList<>(java.util.List.of(grp.phrase().split(" ")));
                if (Boolean.getBoolean("cell") && grp.targets().get("box").get(0) instanceof org.refvlm.api.BoxUnit bx) {
                    words = java.util.List.of("cell" + (int) ((bx.x0() + bx.x1()) / 2 / 64) + "_" + (int) ((bx.y0() + bx.y1()) / 2 / 64));
                }
                for (String w : words) {
                    if (colourOnly && !colours.contains(w)) {
                        continue;
                    }
                    float[] v = wordVectors.computeIfAbsent(w, x -> {
                        float[] r = new float[width];
                        for (int j = 0; j < width; j++) {
                            r[j] = (float) rnd.nextGaussian();
                        }
                        return r;
                    });
                    for (int j = 0; j < width; j++) {
                        q[(i * length) * width + j] += v[j];
                    }
                }
                valid[i * length] = true;
                targets.add(new TargetGroup(i, new int[] {0}, grp.targets().get("box")));
                frames.add(new ImageFrame(e.image().width(), e.image().height()));
            }
            NDArray loss = detr.loss(new DecoderInput(m.create(q, new Shape(b.size(), length, width)),
                    m.create(valid, new Shape(b.size(), length)), features, frames), targets);
            return loss;
        }).withProgressBar(true);
        System.out.println(trainer.run(false).losses());
    }
}
