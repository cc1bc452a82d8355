package org.refvlm.decoder.sam.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.refvlm.decoder.sam.SamPreprocessing;
import org.refvlm.decoder.sam.model.SamModel;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Scalars;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.support.MaskLosses;
import org.refvlm.tensor.safetensors.SafetensorsWriter;
import org.refvlm.training.BatchSource;
import org.refvlm.training.Checkpoint;
import org.refvlm.training.MicroBatch;
import org.refvlm.training.Trainer;
import org.refvlm.training.TrainingConfig;
import org.refvlm.training.TrainingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a whole SAM from random weights on the synthetic world, as SAM itself is trained: boxes
 * and points in, masks out, with SAM's focal x 20 + dice mask loss on the single-mask output and
 * the IoU head regressing the IoU of that mask. With {@code phrasePromptsPerImage}, prompts that
 * name their object in words ({@link PhraseEncoder}) train alongside, with the same loss. The platform's trainer runs it (AdamW, warm-up
 * and cosine, clipping, checkpoints, exact resume); the result is a Hugging Face SAM folder
 * ({@code config.json}, {@code model.safetensors}) that the SAM decoder's {@code samFrom} and
 * {@code refvlm:sam} read.
 */
public final class SamPretraining {

    private static final Logger LOG = LoggerFactory.getLogger(SamPretraining.class);
    /** Where the trained SAM folder goes inside the run folder. */
    public static final String RESULT = "sam";

    private SamPretraining() {
    }

    /**
     * Runs (or, with checkpoints in {@code out}, resumes) the recipe and writes {@code out/sam}.
     *
     * @return the trainer's result (losses, steps run)
     */
    public static TrainingResult run(SamPretrainingRecipe recipe, Path out, NDManager manager, boolean progressBar)
            throws IOException {
        Files.createDirectories(out);
        try (Parameters params = new Parameters(manager.newSubManager(), recipe.seed())) {
            SamModel sam = new SamModel(params, recipe.sam());
            // declared after SAM, so SAM's initial weights are those of a recipe without phrases
            PhraseEncoder phrases = recipe.phrasePromptsPerImage() == 0 ? null
                    : new PhraseEncoder(params, recipe.sam().prompt().hiddenSize());
            PromptedScenes data = new PromptedScenes(recipe, phrases);
            params.setTrainable("", true);
            TrainingConfig config = new TrainingConfig(recipe.steps(), recipe.lr(), Math.max(1, recipe.steps() / 10),
                    recipe.lr() / 100, recipe.weightDecay(), 0.9, 0.999, 1e-8, 1.0, 1, recipe.seed(),
                    recipe.checkpointEvery(), out);
            BatchSource<PromptedScenes.Batch> source = new BatchSource<>() {
                @Override
                public PromptedScenes.Batch batch(long seed, long index, NDManager m) {
                    return data.batch(seed, index);
                }

                @Override
                public long examples(PromptedScenes.Batch batch) {
                    return batch.images().size();
                }
            };
            boolean resume = Checkpoint.latest(out.resolve(Trainer.CHECKPOINTS)).isPresent();
            LOG.info("pretraining SAM ({} parameter values) on synthetic scenes: {} steps of {} scenes x {} prompts"
                    + " and {} phrase prompts{}", params.count(), recipe.steps(), recipe.batchSize(),
                    recipe.promptsPerImage(), recipe.phrasePromptsPerImage(), resume ? ", resuming" : "");
            TrainingResult result = new Trainer<>(config, params.asMap(), source,
                    micro -> loss(sam, phrases, recipe, micro))
                    .withProgressBar(progressBar).run(resume);
            params.setTrainable("", false);
            Path folder = Files.createDirectories(out.resolve(RESULT));
            recipe.sam().write(folder.resolve("config.json"));
            Map<String, NDArray> samWeights = new LinkedHashMap<>(params.asMap());
            samWeights.keySet().removeIf(name -> name.startsWith(PhraseEncoder.PREFIX + "."));
            SafetensorsWriter.write(folder.resolve("model.safetensors"), samWeights,
                    SafetensorsWriter.metadata("format", "pt"));
            LOG.info("SAM written to {}", folder);
            return result;
        }
    }

    /** Mask loss plus IoU-head loss, averaged over the batch's prompts (geometric and phrase). */
    static NDArray loss(SamModel sam, PhraseEncoder phrases, SamPretrainingRecipe recipe,
                        MicroBatch<PromptedScenes.Batch> micro) {
        NDManager m = micro.manager();
        PromptedScenes.Batch batch = micro.data();
        int b = batch.images().size(), p = batch.prompts(), q = batch.phrasePrompts();
        int side = recipe.sam().maskSide();
        int cells = side * side;
        NDArray pixels = SamPreprocessing.pixels(batch.images().stream().map(DecoderImage::new).toList(), m,
                recipe.sam().vision().imageSize());                                            // [B, 3, S, S]
        NDArray image = sam.imageEmbeddings(pixels);                                            // [B, C, g, g]
        int[] labels = new int[b * p];
        Arrays.fill(labels, 1);
        NDArray points = sam.pointTokens(Constants.of(m, batch.points(), new Shape(b, p, 1, 2)), labels, true);
        NDArray boxes = sam.boxTokens(Constants.of(m, batch.boxes(), new Shape(b, p, 4)));      // [B, P, 2, C]
        NDArray isBox = Constants.of(m, batch.isBox(), new Shape(b, p, 1, 1));
        NDArray isPoint = isBox.neg().add(1f);
        NDArray sparse = boxes.mul(isBox).add(points.mul(isPoint));                             // [B, P, 2, C]
        SamModel.Masks masks = sam.decodeMasks(image, sparse, null, false);
        float[] all = new float[b * p];
        Arrays.fill(all, 1);
        NDArray total = promptLoss(masks, batch.targets(), all, recipe, m);
        float count = b * p;
        if (q > 0) {
            long c = image.getShape().get(1);
            NDArray tokens = phrases.forward(batch.phraseWords(), b * q, m).reshape(b, q, 1, c);   // [B, Q, 1, C]
            SamModel.Masks named = sam.decodeMasks(image, tokens, null, false);
            total = total.add(promptLoss(named, batch.phraseTargets(), batch.phraseValid(), recipe, m));
            for (float v : batch.phraseValid()) {
                count += v;
            }
        }
        return Scalars.div(total, count);
    }

    /**
     * The summed loss of a set of prompts: focal and dice on each mask, and the IoU head's squared
     * error against the IoU its mask really has; each prompt weighted (0 leaves a slot out).
     *
     * @param targets [K * hw] each prompt's coverage grid
     * @param weights [K]
     */
    private static NDArray promptLoss(SamModel.Masks masks, float[] targets, float[] weights,
                                      SamPretrainingRecipe recipe, NDManager m) {
        int k = weights.length;
        int side = recipe.sam().maskSide();
        int cells = side * side;
        NDArray logits = masks.logits().reshape(k, cells);                                      // [K, hw]
        NDArray target = Constants.of(m, targets, new Shape(k, cells));
        NDArray valid = m.ones(new Shape(k, cells));
        NDArray maskLoss = Scalars.mul(MaskLosses.focal(logits, target, valid), recipe.focalWeight())
                .add(Scalars.mul(MaskLosses.dice(logits, target, valid), recipe.diceWeight()));     // [K]
        // the IoU the predicted mask really has, without gradient, is what the IoU head must say
        NDArray predicted;
        NDArray truth;
        try (NDArray frozen = logits.stopGradient()) {
            predicted = frozen.gt(0f).toType(DataType.FLOAT32, false);
            truth = target.gt(0.5f).toType(DataType.FLOAT32, false);
        }
        NDArray inter = predicted.mul(truth).sum(new int[] {1});
        NDArray union = predicted.add(truth).clip(0f, 1f).sum(new int[] {1}).add(1e-6f);
        NDArray iouTruth = inter.div(union);                                                    // [K]
        NDArray iouError = masks.iou().reshape(k).sub(iouTruth).square();
        NDArray perPrompt = maskLoss.add(Scalars.mul(iouError, recipe.iouWeight()));            // [K]
        return perPrompt.mul(Constants.of(m, weights, new Shape(k))).sum();
    }
}
