package org.refvlm.decoder.groundingdino.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.refvlm.data.AtomicFile;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.decoder.groundingdino.internal.GroundingLoss;
import org.refvlm.decoder.groundingdino.model.DetectorPixels;
import org.refvlm.decoder.groundingdino.model.GroundingDino;
import org.refvlm.decoder.groundingdino.model.GroundingDinoConfig;
import org.refvlm.decoder.groundingdino.model.TextPrompt;
import org.refvlm.decoder.groundingdino.model.TextTokens;
import org.refvlm.nn.Parameters;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.ImageFrame;
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
 * Trains a whole Grounding DINO (Swin, BERT, encoder, decoder, heads) from random weights on the
 * synthetic world with text prompts ({@link PhraseCaptions}), with the loss the REF-driven decoder
 * trains with: sigmoid focal classification over the caption's token columns plus L1 and GIoU on
 * Hungarian-matched pairs, on the selected encoder proposals and every decoder layer. The
 * platform's trainer runs it (AdamW, warm-up and cosine, clipping, checkpoints, exact resume).
 * The result is a transformers-layout folder ({@code config.json}, {@code model.safetensors},
 * {@code tokenizer.json} of {@link SynthVocabulary}) that {@code grounding-dino detect} runs with a
 * caption and the decoder's {@code initFrom} starts from.
 */
public final class GroundingDinoPretraining {

    private static final Logger LOG = LoggerFactory.getLogger(GroundingDinoPretraining.class);
    /** Where the trained detector folder goes inside the run folder. */
    public static final String RESULT = "groundingdino";
    /** The synthetic world's scenes (256-pixel squares of 2 to 6 objects), what the default model is trained on. */
    private static final SceneConfig WORLD = SceneConfig.DEFAULT;

    private GroundingDinoPretraining() {
    }

    /**
     * Runs (or, with checkpoints in {@code out}, resumes) the recipe and writes {@code out/groundingdino}.
     *
     * @return the trainer's result (losses, steps run)
     * @throws IllegalArgumentException when the world's vocabulary does not fit the detector's BERT
     */
    public static TrainingResult run(GroundingDinoPretrainingRecipe recipe, Path out, NDManager manager,
                                     boolean progressBar) throws IOException {
        GroundingDinoConfig dc = recipe.detectorConfig();
        SynthVocabulary vocabulary = SynthVocabulary.world();
        if (vocabulary.size() > dc.bert().vocab()) {
            throw new IllegalArgumentException("the synthetic world's vocabulary has " + vocabulary.size()
                    + " tokens; the detector's text_config.vocab_size is " + dc.bert().vocab());
        }
        int maxTokens = Math.min(dc.maxTextLen(), dc.bert().maxPositions());
        PhraseCaptions data = new PhraseCaptions(WORLD, vocabulary, recipe.batchSize(), maxTokens);
        Set<Long> cuts = vocabulary.cuts();
        Files.createDirectories(out);
        try (Parameters params = new Parameters(manager.newSubManager(), recipe.seed());
             GroundingLoss criterion = new GroundingLoss(recipe.lossWeights())) {
            GroundingDino model = new GroundingDino(dc, params);
            params.setTrainable("", true);
            TrainingConfig config = new TrainingConfig(recipe.steps(), recipe.lr(), Math.max(1, recipe.steps() / 10),
                    recipe.lr() / 100, recipe.weightDecay(), 0.9, 0.999, 1e-8, 1.0, 1, recipe.seed(),
                    recipe.checkpointEvery(), out);
            BatchSource<PhraseCaptions.Batch> source = new BatchSource<>() {
                @Override
                public PhraseCaptions.Batch batch(long seed, long index, NDManager m) {
                    return data.batch(seed, index);
                }

                @Override
                public long examples(PhraseCaptions.Batch batch) {
                    return batch.images().size();
                }
            };
            boolean resume = Checkpoint.latest(out.resolve(Trainer.CHECKPOINTS)).isPresent();
            LOG.info("pretraining Grounding DINO ({} parameter values) with text prompts on synthetic scenes: {} steps"
                    + " of {} captioned scenes, vocabulary of {} tokens{}", params.count(), recipe.steps(),
                    recipe.batchSize(), vocabulary.size(), resume ? ", resuming" : "");
            TrainingResult result = new Trainer<>(config, params.asMap(), source,
                    micro -> loss(model, criterion, cuts, recipe.imageSide(), micro))
                    .withRecipeIdentity(new ObjectMapper().writeValueAsString(recipe))
                    .withProgressBar(progressBar).run(resume);
            params.setTrainable("", false);
            Path folder = Files.createDirectories(out.resolve(RESULT));
            byte[] configJson = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(recipe.detector());
            AtomicFile.write(folder.resolve("config.json"), o -> o.write(configJson));
            vocabulary.write(folder.resolve("tokenizer.json"));
            SafetensorsWriter.write(folder.resolve("model.safetensors"), params.asMap(),
                    SafetensorsWriter.metadata("format", "pt"));
            LOG.info("Grounding DINO written to {}", folder);
            return result;
        }
    }

    /** The caption loss of one batch, summed over the encoder proposals and every decoder layer. */
    static NDArray loss(GroundingDino model, GroundingLoss criterion, Set<Long> cuts, int side,
                        MicroBatch<PhraseCaptions.Batch> micro) {
        NDManager m = micro.manager();
        PhraseCaptions.Batch batch = micro.data();
        NDArray pixels = DetectorPixels.of(batch.images(), m, side);                            // [B, 3, S, S]
        TextTokens text = model.encodeCaption(batch.ids(), batch.mask(), cuts, m);              // [B, T, D]
        GroundingDino.Output out = model.forward(pixels, text);
        List<NDArray> logits = new ArrayList<>();                                               // each [B, Q, T]
        List<NDArray> boxes = new ArrayList<>();                                                // each [B, Q, 4]
        logits.add(out.encoderLogits());
        boxes.add(out.encoderBoxes());
        logits.addAll(out.logits());
        boxes.addAll(out.boxes());
        List<ImageFrame> frames = batch.images().stream().map(DecoderImage::frame).toList();
        return criterion.loss(logits, boxes, text.tokenMask(), frames, batch.groups());
    }
}
