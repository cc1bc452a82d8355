package org.refvlm.trainer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.refvlm.trainer.RandomModelSpec;
import org.refvlm.training.TrainingConfig;

/**
 * A training run as a JSON file states it. Paths inside are relative to the recipe's folder.
 *
 * @param name          the trained model's name
 * @param stage         1 (projector), 2 (language model, projector, decoders) or 3 (attach decoders)
 * @param model         where the weights start: a model folder ({@code from}) or random sizes ({@code random})
 * @param pipeline      prompt settings the model is trained (and later served) with; when absent, those
 *                      of the starting model folder's {@code model.json}
 * @param trainEncoders also train the ViT and ConvNeXt (needed when nothing is pretrained)
 * @param pretrainEncoders for random weights: first pretrain the encoders on the synthetic world's
 *                      per-pixel labels, as REF-VLM's encoders come pretrained; absent = no pretraining
 * @param decoders      the decoders trained in this run
 * @param data          datasets, mixed by weight
 * @param batchSize     examples per micro-batch
 * @param lmWeight      weight of the next-token loss against the decoders' losses
 * @param optim         optimizer, schedule, seed and checkpoints
 * @param then          further phases run one after the other, each starting from the model the one
 *                      before it wrote (absent: none); see {@link #phase}
 * @param tuneLanguageModel stage 3 only: train the language model and projector together with the
 *                      recipe's decoders, as the paper's stage 3 does (default false: frozen, so
 *                      the decoders the model already has stay matched to it)
 * @param addWords      starting from a model folder with the platform's word tokenizer: give each
 *                      frequent word of the recipe's data that it spells letter by letter a token of
 *                      its own (its rows start as those of the same word with a space in front when
 *                      the base has it, else at the mean row), before training; for a phase
 *                      that teaches tasks the base never saw
 * @param dropDecoders  units whose decoders the starting model brings but the written model leaves
 *                      out (absent: none), e.g. a decoder a tuned stage 3 trained alongside the
 *                      language model but that is not good enough to serve
 * @param pictureWordsWeight weight of the picture-words loss (default 0: off): every image token
 *                      whose cell centre lies on an object must name that object's shape, colour,
 *                      pattern and size through the language model's word embeddings
 *                      ({@link PictureWords}); for examples whose data knows the words (synthetic);
 *                      only where the projector trains (stages 1 and 2, tuned stage 3)
 * @param imageTokensPerCell how many language-model tokens each cell of the image-token map becomes
 *                      (absent or 0: as the starting model has it; 1 is REF-VLM's). A model with one
 *                      token per cell is widened: each of a cell's new tokens starts as its old one.
 *                      With the picture-words loss and 4 tokens per cell, a cell's tokens name its
 *                      object's size, colour, pattern and shape in that order, a run of words as a
 *                      phrase writes them; only where the projector trains
 */
public record Recipe(String name, int stage, ModelInit model, Pipeline pipeline, boolean trainEncoders,
        Pretraining pretrainEncoders, List<DecoderPart> decoders, List<DataPart> data, int batchSize, double lmWeight,
        Optim optim, List<FollowUp> then, boolean tuneLanguageModel, boolean addWords, List<String> dropDecoders,
        double pictureWordsWeight, int imageTokensPerCell) {

    /**
     * A phase that continues a recipe: the same model name, weights from the model the phase before
     * wrote, and its own stage, decoders, data and schedule. What it is for: a stage 3 after a stage
     * 2, so that a decoder is trained, with a schedule of its own, on the REF states of a language
     * model that has learned already (docs/training.md).
     *
     * @param pipeline prompt settings from this phase on, for it and the phases after it (absent: those
     *                 of the phase before); for a tuned phase that re-points the image tokens to another
     *                 map or pools visual prompts into another grid
     */
    public record FollowUp(int stage, boolean trainEncoders, List<DecoderPart> decoders, List<DataPart> data,
            int batchSize, double lmWeight, Optim optim, boolean tuneLanguageModel, boolean addWords,
            List<String> dropDecoders, double pictureWordsWeight, int imageTokensPerCell, Pipeline pipeline) {
    }

    /**
     * Where the weights start. Exactly one of {@code from} and {@code random}.
     *
     * @param tokenizer for random weights: {@code chars} (the default; one token per character) or
     *                  {@code words} (characters plus one token per frequent word of the recipe's data,
     *                  so sequences are about four times shorter)
     */
    public record ModelInit(String from, RandomModelSpec random, String tokenizer) {
        public boolean wordTokenizer() {
            return "words".equals(tokenizer);
        }
    }

    /**
     * Encoder pretraining before the stage runs (only for random weights): every feature map of
     * both encoders learns, through a linear probe per cell, the shape, colour, pattern and size of
     * the object at that cell of synthetic training scenes. Warm-up is a tenth of the steps, then
     * cosine to a hundredth of {@code lr}.
     *
     * @param steps     optimizer steps
     * @param lr        peak learning rate
     * @param batchSize scenes per step
     * @param seed      seed of the scenes (drawn from the training split) and of the probes
     */
    public record Pretraining(long steps, double lr, int batchSize, long seed) {
    }

    /**
     * The conversation template, the encoders' input sizes and how inputs are prepared
     * ({@code preprocessing}: placement, resize, bos; absent means shapes-tiny's, see
     * {@code org.refvlm.core.pipeline.Preprocessing}), and the feature map the language model reads
     * ({@code imageTokens}: {@code vit}, the default and REF-VLM's, or a pyramid level such as
     * {@code stride16}; a random model's projector is made as wide as that map's channels).
     */
    public record Pipeline(String template, int pyramidSide, int gridSide, double temperature,
            org.refvlm.core.pipeline.Preprocessing preprocessing, String imageTokens) {
    }

    /**
     * One decoder to train.
     *
     * @param unit   the unit it decodes ({@code box}, {@code mask}, ...)
     * @param kind   the decoder kind, found among the installed decoder factories ({@code detr}, {@code maskformer})
     * @param config its sizes, as its decoder folder's {@code config.json} holds them (fresh weights)
     * @param from   a decoder folder to start from instead (then {@code config} is not given), or
     *               {@value #FROM_MODEL}: the starting model's own decoder of this unit and kind, which
     *               is how a follow-up phase continues a decoder the phase before it trained
     * @param startStep the optimizer step from which this decoder trains (0, the default: from the
     *               start). Until then its unit's REF states reach no decoder and its weights stay as
     *               they are: a curriculum, so that a decoder first sees REF states once the
     *               language model has learned to put the phrase in them (see docs/training.md for
     *               what it did, and did not, do for shapes-tiny's mask decoder).
     * @param alongside whether the starting model's decoders of other kinds for this unit stay in
     *               the written model (a second decoder to pin, as SAM beside MaskFormer); by
     *               default the trained decoder replaces them
     * @param ranking the service ranking written for it in {@code model.json} (absent: 0); with
     *               {@code alongside}, a negative one keeps the decoders already there serving
     *               until an administrator pins this one
     */
    public record DecoderPart(String unit, String kind, JsonNode config, String from, long startStep, boolean alongside,
            Integer ranking) {

        /** {@code "from"}'s value naming the starting model's decoder of the part's unit and kind. */
        public static final String FROM_MODEL = "model";

        /** Whether the decoder starts from the starting model's own one. */
        public boolean fromModel() {
            return FROM_MODEL.equals(from);
        }

        /** A decoder replacing the starting model's decoders of its unit, at ranking 0. */
        public DecoderPart(String unit, String kind, JsonNode config, String from, long startStep) {
            this(unit, kind, config, from, startStep, false, null);
        }
    }

    /**
     * One dataset of the mix: a VT-Instruct folder, or samples of the synthetic world made on the fly.
     *
     * @param weight    share of the micro-batches drawn from it
     * @param folder    VT-Instruct folder ({@code samples.jsonl} + images)
     * @param synthetic synthetic samples
     */
    public record DataPart(double weight, String folder, Synthetic synthetic) {
    }

    /**
     * Synthetic samples, as {@code data synth} makes them but never written to disk.
     *
     * @param tasks     task ids ({@code rec}, {@code res}, {@code gcg-box}, ...), used round-robin
     * @param size      picture side in pixels
     * @param perScene  consecutive samples sharing one scene
     * @param taskBlock whether answers start with the {@code <Task>} block
     * @param describeScene share of examples, in [0, 1] (default 0), whose prompt starts with the scene in
     *                  words ("The picture shows a small red striped circle and ..."): a curriculum's first
     *                  phases teach the language model to answer from text, later ones lower the share to 0
     *                  so that it must find the same facts in the image tokens
     */
    public record Synthetic(String split, long seed, List<String> tasks, int size, int perScene, boolean taskBlock,
            double describeScene) {
    }

    /** Optimizer settings; see {@link TrainingConfig}. */
    public record Optim(long steps, double lr, long warmup, double minLr, double weightDecay, double clipNorm,
            int accumulation, long seed, long checkpointEvery) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Reads and checks a recipe.
     *
     * @throws IllegalArgumentException naming the file and the problem (unknown field, missing part, bad value)
     */
    public static Recipe read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("recipe " + file + " does not exist");
        }
        Recipe r;
        try {
            r = JSON.readValue(file.toFile(), Recipe.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(file + ": unknown field '" + e.getPropertyName() + "' at "
                    + e.getPathReference() + " (known: " + e.getKnownPropertyIds() + ")", e);
        } catch (MismatchedInputException e) {
            throw new IllegalArgumentException(file + ": " + e.getOriginalMessage() + " at " + e.getPathReference(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        try {
            r.check();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return r;
    }

    /** Follow-up phases; empty when the recipe is one run. */
    @Override
    public List<FollowUp> then() {
        return then == null ? List.of() : then;
    }

    /** 1 + the follow-ups. */
    public int phases() {
        return 1 + then().size();
    }

    /**
     * Phase {@code index} as a recipe of its own: 0 is this recipe without its follow-ups; a
     * follow-up starts from {@code previousModel}, the model folder the phase before it wrote
     * (unused for phase 0).
     */
    public Recipe phase(int index, Path previousModel) {
        if (index == 0) {
            return new Recipe(name, stage, model, pipeline, trainEncoders, pretrainEncoders, decoders, data, batchSize,
                    lmWeight, optim, null, tuneLanguageModel, addWords, dropDecoders, pictureWordsWeight,
                    imageTokensPerCell);
        }
        FollowUp f = then().get(index - 1);
        return new Recipe(name, f.stage(), new ModelInit(previousModel.toAbsolutePath().toString(), null, null),
                pipelineOfPhase(index), f.trainEncoders(), null, f.decoders(), f.data(), f.batchSize(), f.lmWeight(), f.optim(), null,
                f.tuneLanguageModel(), f.addWords(), f.dropDecoders(), f.pictureWordsWeight(), f.imageTokensPerCell());
    }

    /** The pipeline phase {@code index} runs with: the newest one given by it or a phase before it. */
    Pipeline pipelineOfPhase(int index) {
        for (int i = index; i >= 1; i--) {
            Pipeline p = then().get(i - 1).pipeline();
            if (p != null) {
                return p;
            }
        }
        return pipeline;
    }

    /** The stage this recipe runs. */
    public TrainingStage trainingStage() {
        TrainingStage s = TrainingStage.of(stage);
        return s == TrainingStage.ATTACH && tuneLanguageModel ? TrainingStage.ATTACH_TUNED : s;
    }

    void check() {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the recipe needs a 'name' for the model it trains");
        }
        TrainingStage s = trainingStage();
        if (model == null || (model.from() == null) == (model.random() == null)) {
            throw new IllegalArgumentException("'model' needs exactly one of 'from' (a model folder) and 'random' (sizes)");
        }
        if (model.tokenizer() != null && !List.of("chars", "words").contains(model.tokenizer())) {
            throw new IllegalArgumentException("model.tokenizer must be 'chars' or 'words', got '" + model.tokenizer() + "'");
        }
        if (pretrainEncoders != null) {
            if (model.random() == null) {
                throw new IllegalArgumentException("pretrainEncoders is for random weights (model.random); a model "
                        + "folder's encoders are trained already");
            }
            if (pretrainEncoders.steps() < 1 || pretrainEncoders.batchSize() < 1 || !(pretrainEncoders.lr() > 0)) {
                throw new IllegalArgumentException("pretrainEncoders needs steps >= 1, batchSize >= 1 and lr > 0, got "
                        + pretrainEncoders);
            }
        }
        if (imageTokensPerCell < 0) {
            throw new IllegalArgumentException("imageTokensPerCell must be 1 or more (0 or absent: as the starting model "
                    + "has it), got " + imageTokensPerCell);
        }
        if (imageTokensPerCell > 1 && !s.trainsProjector()) {
            throw new IllegalArgumentException("imageTokensPerCell " + imageTokensPerCell + " gives the projector new "
                    + "outputs to train, which stage " + stage + " does not train (use 1, 2, or 3 with tuneLanguageModel)");
        }
        if (pictureWordsWeight < 0 || Double.isNaN(pictureWordsWeight)) {
            throw new IllegalArgumentException("pictureWordsWeight must be 0 (off) or more, got " + pictureWordsWeight);
        }
        if (pictureWordsWeight > 0 && !s.trainsProjector()) {
            throw new IllegalArgumentException("pictureWordsWeight trains the projector, which stage " + stage
                    + (s.attaches() ? " without tuneLanguageModel" : "") + " keeps frozen");
        }
        if (tuneLanguageModel && stage != 3) {
            throw new IllegalArgumentException("tuneLanguageModel is for stage 3 (stage 2 trains the language model "
                    + "anyway, stage 1 only the projector)");
        }
        if (s.attaches() && model.from() == null) {
            throw new IllegalArgumentException("stage 3 attaches decoders to a trained model: give model.from");
        }
        if (pipeline == null && model.from() == null) {
            throw new IllegalArgumentException("the recipe needs a 'pipeline' section (template, pyramidSide); "
                    + "only a recipe starting from a model folder may take that model's settings");
        }
        if (data == null || data.isEmpty()) {
            throw new IllegalArgumentException("the recipe needs at least one 'data' part");
        }
        for (int i = 0; i < data.size(); i++) {
            DataPart d = data.get(i);
            if ((d.folder() == null) == (d.synthetic() == null)) {
                throw new IllegalArgumentException("data[" + i + "] needs exactly one of 'folder' and 'synthetic'");
            }
            if (!(d.weight() > 0)) {
                throw new IllegalArgumentException("data[" + i + "] needs a positive 'weight'");
            }
            if (d.synthetic() != null && !(d.synthetic().describeScene() >= 0 && d.synthetic().describeScene() <= 1)) {
                throw new IllegalArgumentException("data[" + i + "].synthetic.describeScene is a share of the examples, in "
                        + "[0, 1]; got " + d.synthetic().describeScene());
            }
        }
        List<DecoderPart> ds = decoders();
        if (s == TrainingStage.ALIGN && !ds.isEmpty()) {
            throw new IllegalArgumentException("stage 1 trains the projector only: remove 'decoders'");
        }
        if (s.attaches() && ds.isEmpty()) {
            throw new IllegalArgumentException("stage 3 needs at least one decoder to attach");
        }
        for (int i = 0; i < ds.size(); i++) {
            DecoderPart d = ds.get(i);
            if (d.unit() == null || d.kind() == null) {
                throw new IllegalArgumentException("decoders[" + i + "] needs 'unit' and 'kind'");
            }
            if (d.startStep() < 0 || (optim != null && d.startStep() >= optim.steps())) {
                throw new IllegalArgumentException("decoders[" + i + "].startStep must be in [0, steps), got "
                        + d.startStep());
            }
            if ((d.config() == null) == (d.from() == null)) {
                throw new IllegalArgumentException("decoders[" + i + "] needs exactly one of 'config' and 'from'");
            }
            if (d.fromModel() && model != null && model.from() == null) {
                throw new IllegalArgumentException("decoders[" + i + "] starts from the model's own decoder (\"from\": \""
                        + DecoderPart.FROM_MODEL + "\") but the model starts from random weights");
            }
            for (int j = 0; j < i; j++) {
                if (ds.get(j).unit().equals(d.unit())) {
                    throw new IllegalArgumentException("two decoders for unit '" + d.unit() + "'");
                }
            }
        }
        if (addWords && model != null && model.from() == null) {
            throw new IllegalArgumentException("addWords extends a trained model's tokenizer: for random weights use "
                    + "\"tokenizer\": \"words\"");
        }
        if (addWords && !s.trainsLanguageModel()) {
            throw new IllegalArgumentException("addWords needs a stage that trains the language model (stage 2, or stage 3 "
                    + "with tuneLanguageModel): new words start untrained");
        }
        for (String unit : dropDecoders()) {
            if (model != null && model.from() == null) {
                throw new IllegalArgumentException("dropDecoders: a model from random weights has no decoders to drop");
            }
            if (ds.stream().anyMatch(d -> d.unit().equals(unit))) {
                throw new IllegalArgumentException("dropDecoders names '" + unit + "', which this phase trains");
            }
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        if (optim == null) {
            throw new IllegalArgumentException("the recipe needs an 'optim' section");
        }
        trainingConfig(Path.of("."));  // checks the optimizer values
        for (int i = 0; i < then().size(); i++) {
            if (then().get(i) == null) {
                throw new IllegalArgumentException("then[" + i + "] is empty");
            }
            try {
                phase(i + 1, Path.of("previous-phase")).check();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("then[" + i + "]: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public List<DecoderPart> decoders() {
        return decoders == null ? List.of() : decoders;
    }

    @Override
    public List<String> dropDecoders() {
        return dropDecoders == null ? List.of() : dropDecoders;
    }

    /** The trainer's settings for a run writing into {@code outDir}. */
    public TrainingConfig trainingConfig(Path outDir) {
        return new TrainingConfig(optim.steps(), optim.lr(), optim.warmup(), optim.minLr(), optim.weightDecay(), 0.9,
                0.999, 1e-8, optim.clipNorm(), Math.max(1, optim.accumulation()), optim.seed(), optim.checkpointEvery(),
                outDir);
    }

    /** Resolves a path written in the recipe against the recipe's folder. */
    public static Path resolve(Path recipeFile, String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : recipeFile.toAbsolutePath().getParent().resolve(p).normalize();
    }
}
