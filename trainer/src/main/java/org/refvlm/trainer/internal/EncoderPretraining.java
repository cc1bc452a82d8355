package org.refvlm.trainer.internal;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.refvlm.core.pipeline.DecoderFeatures;
import org.refvlm.core.pipeline.ImageInputs;
import org.refvlm.core.pipeline.Preprocessing;
import org.refvlm.spi.PaddedSquares;
import org.refvlm.data.synth.ColourName;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.SceneGenerator;
import org.refvlm.data.synth.SceneObject;
import org.refvlm.data.synth.Seeds;
import org.refvlm.data.synth.ShapeKind;
import org.refvlm.data.synth.SizeClass;
import org.refvlm.data.synth.Split;
import org.refvlm.data.synth.Texture;
import org.refvlm.encoder.VisionEncoder;
import org.refvlm.encoder.clipvit.ClipVisionModels;
import org.refvlm.encoder.convnext.ConvNextModels;
import org.refvlm.nn.FlopCounter;
import org.refvlm.nn.MatMul;
import org.refvlm.tensor.safetensors.SafetensorsWriter;
import org.refvlm.trainer.Recipe;
import org.refvlm.training.BatchSource;
import org.refvlm.training.Checkpoint;
import org.refvlm.nn.Scalars;
import org.refvlm.training.MicroBatch;
import org.refvlm.training.Trainer;
import org.refvlm.training.TrainingConfig;
import org.refvlm.training.TrainingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pretrains a model's vision encoders on the synthetic world before anything else learns, the
 * way REF-VLM's encoders come pretrained (CLIP) before its stages start: every feature map the
 * decoders read ({@link DecoderFeatures}: the ViT grid, the pyramid's strides) gets a linear probe per cell that must name what the scene shows at that cell's
 * centre: the shape, colour, pattern and size class of the object there, or "background".
 *
 * <p>Why: the decoders find "the striped star" by matching a query against the feature maps. If
 * the features start random, that matching and the features themselves have to be learned
 * together from a box or mask loss that reaches each cell only through attention, which on two
 * CPU cores does not get far in the time a recipe has (issue 7's notes). Dense labels reach every
 * cell directly; a few minutes of this give maps in which the words' meanings can be read off.
 *
 * <p>The probes are thrown away afterwards; only the encoders' weights are kept. The scenes are
 * the synthetic world's training split (never the test split) drawn by a seed of their own.
 */
final class EncoderPretraining {

    private static final Logger LOG = LoggerFactory.getLogger(EncoderPretraining.class);
    private static final int REPORT_EVERY = 100;
    private static final String VIT = "clip-vit";
    private static final String CONVNEXT = "convnext";
    private static final String WEIGHTS = "model.safetensors";

    /** Class counts per attribute; class 0 of each is "background". */
    private static final int SHAPES = ShapeKind.values().length + 1;
    private static final int COLOURS = ColourName.values().length + 1;
    private static final int TEXTURES = Texture.values().length + 1;
    private static final int SIZES = SizeClass.values().length + 1;
    private static final int[] GROUPS = {SHAPES, COLOURS, TEXTURES, SIZES};
    static final int CLASSES = SHAPES + COLOURS + TEXTURES + SIZES;

    private final VisionEncoder vit;
    private final VisionEncoder pyramid;
    private final int pyramidSide;
    private final SceneGenerator scenes;
    private final long sceneSeed;
    private final int batchSize;

    /** @param pyramidSide the side the pyramid encoder's pixels are given at (the ViT takes its own input size) */
    EncoderPretraining(VisionEncoder vit, VisionEncoder pyramid, int pyramidSide, int sceneSize, long sceneSeed,
            int batchSize) {
        this.vit = vit;
        this.pyramid = pyramid;
        this.pyramidSide = pyramidSide;
        this.scenes = new SceneGenerator(new SceneConfig(sceneSize, SceneConfig.DEFAULT.minObjects(),
                SceneConfig.DEFAULT.maxObjects()));
        this.sceneSeed = sceneSeed;
        this.batchSize = batchSize;
    }

    /**
     * Pretrains the encoders of the model folder {@code modelDir} as the recipe says and writes
     * their weights back into it. Checkpoints go to {@code workDir}; a run killed part way
     * continues from the newest one when called again on the same (freshly written) folder.
     */
    static void pretrain(Path modelDir, Recipe recipe, Path workDir, Device device, boolean progressBar)
            throws IOException {
        Recipe.Pretraining settings = recipe.pretrainEncoders();
        int sceneSize = recipe.data().stream().filter(d -> d.synthetic() != null && d.synthetic().size() > 0)
                .map(d -> d.synthetic().size()).findFirst().orElse(SceneConfig.DEFAULT.size());
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager(device);
             VisionEncoder vit = ClipVisionModels.load(modelDir.resolve(VIT), device);
             VisionEncoder pyramid = ConvNextModels.load(modelDir.resolve(CONVNEXT), device)) {
            EncoderPretraining pretraining = new EncoderPretraining(vit, pyramid, recipe.pipeline().pyramidSide(),
                    sceneSize, settings.seed(), settings.batchSize());
            TrainingConfig config = new TrainingConfig(settings.steps(), settings.lr(), settings.steps() / 10,
                    settings.lr() / 100, 0.01, 0.9, 0.999, 1e-8, 1.0, 1, settings.seed(),
                    Math.max(1, settings.steps() / 4), workDir);
            boolean resume = Checkpoint.latest(workDir.resolve(Trainer.CHECKPOINTS)).isPresent();
            pretraining.run(config, resume, progressBar, manager);
            SafetensorsWriter.write(modelDir.resolve(VIT).resolve(WEIGHTS), vit.parameters().asMap(),
                    SafetensorsWriter.metadata("format", "pt"));
            SafetensorsWriter.write(modelDir.resolve(CONVNEXT).resolve(WEIGHTS), pyramid.parameters().asMap(),
                    SafetensorsWriter.metadata("format", "pt"));
        }
    }

    /**
     * Trains the encoders (made trainable for the run and frozen again after) with checkpoints in
     * {@code config.outDir()}; with {@code resume}, continues from the newest one there.
     */
    TrainingResult run(TrainingConfig config, boolean resume, boolean progressBar, NDManager manager)
            throws IOException {
        try (NDManager heads = manager.newSubManager()) {
            Map<String, NDArray> parameters = new LinkedHashMap<>();
            vit.setTrainable(true);
            pyramid.setTrainable(true);
            vit.parameters().asMap().forEach((k, v) -> parameters.put(VIT + "." + k, v));
            pyramid.parameters().asMap().forEach((k, v) -> parameters.put(CONVNEXT + "." + k, v));
            // One probe (weight [C, K], bias [K]) per feature map the decoders read, by level name.
            Map<String, NDArray[]> probes = new LinkedHashMap<>();
            Random init = new Random(config.seed());
            featureWidths(heads).forEach((level, width) -> {
                NDArray w = heads.create(uniform(init, width * CLASSES, 1 / Math.sqrt(width)), new Shape(width, CLASSES));
                NDArray b = heads.zeros(new Shape(CLASSES));
                w.setRequiresGradient(true);
                b.setRequiresGradient(true);
                parameters.put("probe." + level + ".weight", w);
                parameters.put("probe." + level + ".bias", b);
                probes.put(level, new NDArray[] {w, b});
            });
            BatchSource<Pictured> source = new BatchSource<>() {
                @Override
                public Pictured batch(long seed, long index, NDManager m) {
                    return EncoderPretraining.this.batch(index);
                }

                @Override
                public long examples(Pictured batch) {
                    return batch.scenes().size();
                }
            };
            // Drawing the scenes and padding their pictures is single-threaded Java work: done one
            // batch ahead, beside the step.
            PrefetchingBatches<Pictured> scenes = new PrefetchingBatches<>(source);
            Trainer<Pictured> trainer = new Trainer<>(config, parameters, scenes, micro -> loss(micro, probes))
                    .withProgressBar(progressBar)
                    .withWorkCounter(FlopCounter.enabled() ? FlopCounter::total : null);
            LOG.info("pretraining encoders on synthetic scenes, probes on {}: {} steps of {} scenes", probes.keySet(),
                    config.steps(), batchSize);
            try {
                return trainer.run(resume);
            } finally {
                scenes.close();
                vit.setTrainable(false);
                pyramid.setTrainable(false);
            }
        }
    }

    /** A batch of scenes with their pictures padded to squares. */
    private record Pictured(List<Scene> scenes, PaddedSquares pictures) {
        static Pictured of(List<Scene> scenes) {
            return new Pictured(scenes, ImageInputs.squares(scenes.stream().map(Scene::picture).toList(),
                    Preprocessing.SHAPES_TINY));
        }
    }

    private Pictured batch(long index) {
        List<Scene> out = new ArrayList<>(batchSize);
        for (int k = 0; k < batchSize; k++) {
            out.add(scenes.generate(Seeds.sceneSeed(sceneSeed, Split.TRAIN, index * batchSize + k)));
        }
        return Pictured.of(out);
    }

    /** Mean over the feature maps of the summed per-attribute cross-entropies, averaged over cells ({@link #cellWeights}). */
    private NDArray loss(MicroBatch<Pictured> micro, Map<String, NDArray[]> probes) {
        NDManager m = micro.manager();
        List<Scene> batch = micro.data().scenes();
        NDArray total = null;
        for (Map.Entry<String, NDArray> level : featureMaps(micro.data(), m).entrySet()) {
            NDArray map = level.getValue();                                      // [B, C, H, W]
            NDArray[] probe = probes.get(level.getKey());
            Shape s = map.getShape();
            int h = (int) s.get(2), w = (int) s.get(3);
            NDArray cells = map.reshape(s.get(0), s.get(1), (long) h * w).transpose(0, 2, 1); // [B, HW, C]
            NDArray logits = MatMul.of(cells, probe[0]).add(probe[1]);                // [B, HW, K]
            float[] oneHot = oneHot(batch, h, w);
            NDArray targets = m.create(oneHot, new Shape(batch.size(), (long) h * w, CLASSES));
            NDArray weights = m.create(cellWeights(oneHot), new Shape(batch.size(), (long) h * w, 1));
            NDArray term = logProbabilities(logits).mul(targets).mul(weights).sum().neg();
            if (micro.step() % REPORT_EVERY == 0 && LOG.isInfoEnabled()) {
                LOG.info("pretraining step {}: {} ({}x{}) loss {}, on object cells: {}", micro.step(), level.getKey(),
                        h, w, term.getFloat(), objectAccuracy(logits, targets));
            }
            total = total == null ? term : total.add(term);
        }
        return Scalars.div(total, probes.size());
    }

    /** Per attribute, the share of object cells whose most likely class is right. */
    private static String objectAccuracy(NDArray logits, NDArray targets) {
        StringBuilder out = new StringBuilder();
        boolean[] object = targets.get(new NDIndex(":, :, 0")).eq(0).toBooleanArray();   // [B * N]
        String[] names = {"shape", "colour", "pattern", "size"};
        int from = 0;
        for (int g = 0; g < GROUPS.length; g++) {
            NDIndex slice = new NDIndex(":, :, {}:{}", from, from + GROUPS[g]);
            long[] predicted = logits.get(slice).argMax(-1).toLongArray();
            long[] truth = targets.get(slice).argMax(-1).toLongArray();
            int right = 0, cells = 0;
            for (int c = 0; c < object.length; c++) {
                if (object[c]) {
                    cells++;
                    right += predicted[c] == truth[c] ? 1 : 0;
                }
            }
            out.append(g == 0 ? "" : ", ").append(names[g]).append(' ')
                    .append(cells == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.2f", right / (double) cells));
            from += GROUPS[g];
        }
        return out.toString();
    }

    /** [B, N, K]: log-softmax within each attribute's slice of the classes. */
    private static NDArray logProbabilities(NDArray logits) {
        NDList parts = new NDList(GROUPS.length);
        int from = 0;
        for (int size : GROUPS) {
            parts.add(logits.get(new NDIndex(":, :, {}:{}", from, from + size)).logSoftmax(-1));
            from += size;
        }
        return NDArrays.concat(parts, -1);
    }

    /** The maps the decoders read ({@link DecoderFeatures}), by level name, for a batch of scenes. */
    private Map<String, NDArray> featureMaps(Pictured batch, NDManager m) {
        List<NDArray> pixels = ImageInputs.pixels(batch.pictures(), m, vit.inputSize().orElseThrow(), pyramidSide);
        return DecoderFeatures.of(vit.features(pixels.get(0), m).get(0), pyramid.features(pixels.get(1), m));
    }

    /**
     * [B * H * W] per cell: objects and background weigh half each, whatever their areas. Objects
     * cover about a quarter of a picture; unweighted, "background everywhere" is a good enough
     * answer for hundreds of steps and the maps learn little about the objects.
     */
    static float[] cellWeights(float[] oneHot) {
        int cells = oneHot.length / CLASSES;
        int background = 0;
        for (int c = 0; c < cells; c++) {
            background += oneHot[c * CLASSES] > 0 ? 1 : 0;
        }
        int objects = cells - background;
        float[] out = new float[cells];
        for (int c = 0; c < cells; c++) {
            boolean isBackground = oneHot[c * CLASSES] > 0;
            int n = isBackground ? background : objects;
            out[c] = (float) ((objects == 0 || background == 0 ? 1.0 : 0.5) / n);
        }
        return out;
    }

    /** [B * H * W * K] one-hot class of every attribute at each cell's centre. */
    static float[] oneHot(List<Scene> batch, int h, int w) {
        float[] out = new float[batch.size() * h * w * CLASSES];
        for (int b = 0; b < batch.size(); b++) {
            Scene scene = batch.get(b);
            int[] labels = scene.labels();
            for (int y = 0; y < h; y++) {
                int py = Math.min(scene.height() - 1, (int) ((y + 0.5) * scene.height() / h));
                for (int x = 0; x < w; x++) {
                    int px = Math.min(scene.width() - 1, (int) ((x + 0.5) * scene.width() / w));
                    int label = labels[py * scene.width() + px];
                    int at = ((b * h + y) * w + x) * CLASSES;
                    if (label < 0) {
                        out[at] = 1;
                        out[at + SHAPES] = 1;
                        out[at + SHAPES + COLOURS] = 1;
                        out[at + SHAPES + COLOURS + TEXTURES] = 1;
                    } else {
                        SceneObject o = scene.objects().get(label);
                        out[at + 1 + o.kind().ordinal()] = 1;
                        out[at + SHAPES + 1 + o.colour().ordinal()] = 1;
                        out[at + SHAPES + COLOURS + 1 + o.texture().ordinal()] = 1;
                        out[at + SHAPES + COLOURS + TEXTURES + 1 + o.size().ordinal()] = 1;
                    }
                }
            }
        }
        return out;
    }

    private static float[] uniform(Random rnd, int n, double bound) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
        }
        return out;
    }

    /** Channels of each feature map by level name, found by running the encoders once on one scene. */
    private Map<String, Integer> featureWidths(NDManager m) {
        try (NDManager scope = m.newSubManager()) {
            Map<String, Integer> out = new LinkedHashMap<>();
            featureMaps(Pictured.of(List.of(scenes.generate(0))), scope).forEach((level, map) -> out.put(level, (int) map.getShape().get(1)));
            return out;
        }
    }
}
