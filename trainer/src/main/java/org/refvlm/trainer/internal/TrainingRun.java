package org.refvlm.trainer.internal;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.refvlm.trainer.RandomModel;
import org.refvlm.llm.WordMergeTokenizerJson;
import org.refvlm.core.pipeline.BaseFingerprint;
import org.refvlm.core.pipeline.ModelFolder;
import org.refvlm.core.pipeline.PipelineSettings;
import org.refvlm.core.pipeline.Preprocessing;
import org.refvlm.nn.FlopCounter;
import org.refvlm.spi.DecoderFactory;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.trainer.Recipe;
import org.refvlm.trainer.TrainingExample;
import org.refvlm.trainer.TrainingStage;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.refvlm.core.vision.Projector;
import org.refvlm.llm.LlamaConfig;
import org.refvlm.training.AdamW;
import org.refvlm.training.BatchSource;
import org.refvlm.training.Checkpoint;
import org.refvlm.training.CheckpointInfo;
import org.refvlm.training.Trainer;
import org.refvlm.training.TrainingResult;
import org.refvlm.training.WeightedMix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a recipe into an output folder: {@code init/} (the random starting weights, when the
 * recipe starts from nothing), {@code checkpoints/} and {@code metrics.jsonl} (the trainer's), and
 * at the end {@code model/}, a model folder the platform serves ({@code ask --model out/model}).
 */
public final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
    public static final String MODEL = "model";
    static final String INIT = "init";
    /** Checkpoints and metrics of the encoder pretraining, when the recipe asks for it. */
    static final String PRETRAINING = "pretraining";
    /** Examples per data part read to choose a word tokenizer's words. */
    private static final long VOCABULARY_EXAMPLES = 1000;

    /** The model a phase that is not the last writes, in that phase's folder. */
    static final String PHASE_MODEL = "phase-model";
    /** Folder of follow-up phase N (1, 2, ...) inside the output folder. */
    static final String FOLLOW_UP = "then-";

    private final Path recipeFile;
    /** The whole recipe, as the file says. */
    private final Recipe recipe;
    /** Where the run writes; phase 0 writes here too, follow-up N into {@code then-N/}. */
    private final Path outDir;
    private final Device device;
    private final Function<String, DecoderFactory> factories;
    private boolean progressBar;
    private long stopAfter = Long.MAX_VALUE;
    /** The phase {@link #stopAfter} applies to; -1 for every phase. */
    private int stopPhase = -1;
    private boolean complete;

    /**
     * @param factories decoder factory by kind; throws (or returns null) for kinds not installed
     */
    public TrainingRun(Path recipeFile, Path outDir, Device device, Function<String, DecoderFactory> factories)
            throws IOException {
        this.recipeFile = recipeFile.toAbsolutePath();
        this.recipe = Recipe.read(recipeFile);
        this.outDir = outDir.toAbsolutePath();
        this.device = device;
        this.factories = factories;
    }

    public TrainingRun withProgressBar(boolean show) {
        this.progressBar = show;
        return this;
    }

    /** Pauses after this many steps (a checkpoint is written there); for tests of interrupted runs. */
    public TrainingRun stopAfter(long steps) {
        this.stopAfter = steps;
        this.stopPhase = -1;
        return this;
    }

    /**
     * Pauses phase {@code phase} (0 the first) after this many of its steps, other phases running
     * to their end: how a test interrupts a later phase of a multi-phase recipe.
     */
    public TrainingRun stopAfter(int phase, long steps) {
        this.stopAfter = steps;
        this.stopPhase = phase;
        return this;
    }

    public Recipe recipe() {
        return recipe;
    }

    /** Whether the last {@link #run} trained every phase and wrote {@link #model()}. */
    public boolean complete() {
        return complete;
    }

    /** The model folder a finished run leaves: {@code model/} in the output folder. */
    public Path model() {
        return outDir.resolve(MODEL);
    }

    /**
     * Trains every phase in turn; with {@code resume}, skips phases that are finished and continues
     * each from the newest checkpoint in its folder. Stops early (result short of the phase's
     * steps, {@link #complete()} false) when {@link #stopAfter} pauses a phase.
     *
     * @return the result of the last phase that ran (the last phase always runs; resumed after the end, it trains no step)
     */
    public TrainingResult run(boolean resume) throws IOException {
        complete = false;
        TrainingResult result = null;
        for (int i = 0; i < recipe.phases(); i++) {
            Phase phase = phase(i);
            if (resume && !phase.last() && Files.isRegularFile(phase.model().resolve(ModelFolder.FILE))) {
                LOG.info("phase {} of {} is finished ({})", i + 1, recipe.phases(), phase.model());
                continue;
            }
            if (recipe.phases() > 1) {
                LOG.info("phase {} of {}: stage {}, {} steps, into {}", i + 1, recipe.phases(), phase.recipe().stage(),
                        phase.recipe().optim().steps(), phase.dir());
            }
            result = phase.run(resume);
            if (result.endStep() < phase.recipe().optim().steps()) {
                return result;
            }
        }
        complete = true;
        return result;
    }

    /** Phase {@code index} of the recipe: its own recipe, folder, and the model it writes. */
    private Phase phase(int index) {
        Path dir = index == 0 ? outDir : outDir.resolve(FOLLOW_UP + index);
        boolean last = index == recipe.phases() - 1;
        Recipe r = recipe.phase(index, index == 0 ? null : phase(index - 1).model());
        // Checkpoints of one phase must not resume under another: the identity names the phase.
        String identity = index == 0 && recipe.phases() == 1 ? null : "phase " + index;
        long stop = stopPhase < 0 || stopPhase == index ? stopAfter : Long.MAX_VALUE;
        return new Phase(r, dir, last ? outDir.resolve(MODEL) : dir.resolve(PHASE_MODEL), last, identity, stop);
    }

    /**
     * One phase: a recipe without follow-ups (its fields shadow the run's whole recipe on purpose),
     * run in {@code dir}, writing {@code model}. {@code identity}, when not null, is added to the
     * recipe file's text to make its checkpoints' recipe identity.
     */
    private final class Phase {
        private final Recipe recipe;
        private final Path dir;
        private final Path model;
        private final boolean last;
        private final String identity;
        private final long stop;

        Phase(Recipe recipe, Path dir, Path model, boolean last, String identity, long stop) {
            this.recipe = recipe;
            this.dir = dir;
            this.model = model;
            this.last = last;
            this.identity = identity;
            this.stop = stop;
        }

        Recipe recipe() {
            return recipe;
        }

        Path dir() {
            return dir;
        }

        Path model() {
            return model;
        }

        boolean last() {
            return last;
        }

        TrainingResult run(boolean resume) throws IOException {
            TrainingStage stage = recipe.trainingStage();
            Files.createDirectories(dir);
            Path start = startingModel();
            try (ModelParts parts = ModelParts.load(start, device)) {
                attachDecoders(parts);
                parts.configure(stage, recipe.trainEncoders());
                PipelineSettings settings = settings();
                Map<String, Long> startSteps = new LinkedHashMap<>();
                recipe.decoders().forEach(d -> startSteps.put(d.unit(), d.startStep()));
                JointStep step = new JointStep(parts, stage, recipe.lmWeight(), settings, startSteps,
                        recipe.pictureWordsWeight());
                PrefetchingBatches<ExampleBatch> batches = new PrefetchingBatches<>(data(settings.preprocessing()));
                Trainer<ExampleBatch> trainer = new Trainer<>(recipe.trainingConfig(dir), parts.parameters(),
                        batches, step)
                        .withProgressBar(progressBar)
                        .withRecipeIdentity(recipeIdentity())
                        .withWorkCounter(FlopCounter.enabled() ? FlopCounter::total : null)
                        .stopAfter(stop);
                LOG.info("stage {} run of recipe {}: {} trainable tensors, {} examples per micro-batch, into {}",
                        stage.number(), recipeFile, trainer.trainableParameters().size(), recipe.batchSize(), dir);
                TrainingResult result;
                try {
                    result = trainer.run(resume);
                } finally {
                    batches.close();
                }
                if (trainer.step() == recipe.optim().steps()) {
                    writeModel(parts, settings, model);
                }
                return result;
            }
        }

        String recipeIdentity() throws IOException {
            String text = Files.readString(recipeFile);
            return identity == null ? text : text + "\n" + identity;
        }

        /**
         * Writes the newest checkpoint of this phase's folder as a model folder {@code model-step-N/}
         * in the run's output folder, without training.
         *
         * @return the model folder written
         */
        Path export() throws IOException {
            Path checkpoints = dir.resolve(Trainer.CHECKPOINTS);
            Path latest = Checkpoint.latest(checkpoints).orElseThrow(() ->
                    new IllegalArgumentException("no checkpoint in " + checkpoints + " to export"));
            try (ModelParts parts = ModelParts.load(startingModel(), device)) {
                attachDecoders(parts);
                parts.configure(recipe.trainingStage(), recipe.trainEncoders());
                Map<String, NDArray> trainable = new LinkedHashMap<>();
                parts.parameters().forEach((k, v) -> {
                    if (v.hasGradient()) {
                        trainable.put(k, v);
                    }
                });
                CheckpointInfo info = Checkpoint.restore(latest, trainable, AdamW.of(recipe.trainingConfig(dir)));
                return writeModel(parts, settings(), outDir.resolve(MODEL + "-step-" + info.step()));
            }
        }

        /**
         * The folder the weights start from; random weights (with pretrained encoders, when the recipe
         * pretrains them) are written once into {@code init/}, which appears only when complete.
         */
        private Path startingModel() throws IOException {
            if (recipe.model().from() != null) {
                Path from = Recipe.resolve(recipeFile, recipe.model().from());
                return recipe.addWords() || rereads(from) || widens(from) ? prepared(from) : from;
            }
            Path init = dir.resolve(INIT);
            if (!Files.isRegularFile(init.resolve("projector.safetensors"))) {
                Path tmp = dir.resolve(INIT + ".tmp");
                deleteTree(tmp);
                RandomModel.write(tmp, recipe.model().random(), device,
                        recipe.model().wordTokenizer() ? vocabulary() : List.of(), settings().imageTokens());
                if (recipe.pretrainEncoders() != null) {
                    EncoderPretraining.pretrain(tmp, recipe, dir.resolve(PRETRAINING), device, progressBar);
                }
                if (widens(tmp)) {
                    widenProjector(tmp);
                }
                deleteTree(init);
                Files.move(tmp, init, StandardCopyOption.ATOMIC_MOVE);
            }
            return init;
        }

        /**
         * Whether the recipe asks for more image tokens per cell than model folder {@code from} has.
         *
         * @throws IllegalArgumentException when it asks for another number and the model has several already
         */
        private boolean widens(Path from) throws IOException {
            int wanted = recipe.imageTokensPerCell();
            if (wanted == 0) {
                return false;
            }
            int has;
            try (NDManager m = NDManager.newBaseManager(device)) {
                has = Projector.read(from.resolve("projector.safetensors"), m).tokensPerCell();
            }
            if (has == wanted) {
                return false;
            }
            if (has != 1) {
                throw new IllegalArgumentException("imageTokensPerCell " + wanted + ": the model " + from + " has "
                        + has + " image tokens per cell, and only a model with one can be widened");
            }
            return true;
        }

        /**
         * Whether the recipe's pipeline has the language model read its image tokens from another
         * feature map than model folder {@code from} does (then the projector starts afresh).
         */
        private boolean rereads(Path from) throws IOException {
            if (recipe.pipeline() == null) {
                return false;
            }
            String map = ImageTokenMaps.orVit(recipe.pipeline().imageTokens());
            String has = ImageTokenMaps.of(from);
            if (map.equals(has)) {
                return false;
            }
            if (!recipe.trainingStage().trainsProjector()) {
                throw new IllegalArgumentException("pipeline.imageTokens '" + map + "': the model " + from + " reads '"
                        + has + "', and another map needs a fresh projector, which stage " + recipe.stage()
                        + " does not train");
            }
            return true;
        }

        /**
         * A fresh projector, one token per cell, for model folder {@code dir}: from the recipe's image
         * token map, as wide as that map is in the folder's encoders, to the language model's width. The
         * old one's weights mean nothing for another map, which may not even be as wide.
         */
        private void freshProjector(Path dir) throws IOException {
            String before = ImageTokenMaps.of(dir);
            String map = ImageTokenMaps.orVit(recipe.pipeline().imageTokens());
            int width = ImageTokenMaps.width(dir, map);
            int text = LlamaConfig.fromJson(dir.resolve("llm/config.json")).hiddenSize();
            try (NDManager m = NDManager.newBaseManager(device)) {
                new Projector(m, width, text, recipe.optim().seed()).save(dir.resolve("projector.safetensors"));
            }
            LOG.info("projector of {}: a fresh one reading '{}' ({} channels) instead of '{}'", dir, map, width, before);
        }

        /** The projector of model folder {@code dir} widened in place to the recipe's tokens per cell. */
        private void widenProjector(Path dir) throws IOException {
            Path file = dir.resolve("projector.safetensors");
            try (NDManager m = NDManager.newBaseManager(device)) {
                Projector.read(file, m).withTokensPerCell(recipe.imageTokensPerCell(), m).save(file);
            }
            LOG.info("projector of {}: {} image tokens per cell, each starting as the one token before", dir,
                    recipe.imageTokensPerCell());
        }

        /**
         * The starting model with a token for each frequent word of the recipe's data its tokenizer
         * lacks ({@code addWords}; the language model's embeddings grow when it loads), with a fresh
         * projector when the recipe's pipeline reads another image token map, and with its projector
         * widened to the recipe's {@code imageTokensPerCell}, written once into
         * {@code init/} (which appears only when complete).
         */
        private Path prepared(Path from) throws IOException {
            Path init = dir.resolve(INIT);
            if (!Files.isRegularFile(init.resolve("projector.safetensors"))) {
                Path tmp = dir.resolve(INIT + ".tmp");
                deleteTree(tmp);
                copyTree(from, tmp);
                if (recipe.addWords()) {
                    Path json = tmp.resolve("llm/tokenizer.json");
                    WordMergeTokenizerJson.Extended extended = WordMergeTokenizerJson.withWords(Files.readString(json),
                            org.refvlm.llm.RefVlmTokens.ADDED_TOKENS, vocabulary());
                    Files.writeString(json, extended.json());
                    LOG.info("tokenizer of {}: {} new word(s) {}", from, extended.added().size(), extended.added());
                }
                if (rereads(tmp)) {
                    freshProjector(tmp);
                }
                if (widens(tmp)) {
                    widenProjector(tmp);
                }
                deleteTree(init);
                Files.move(tmp, init, StandardCopyOption.ATOMIC_MOVE);
            }
            return init;
        }

        /** Words of the recipe's data (prompts as the template frames them, and answers) for a word-merge tokenizer. */
        private List<String> vocabulary() throws IOException {
            List<String> texts = new ArrayList<>();
            for (ExampleSource source : sources()) {
                for (long i = 0; i < VOCABULARY_EXAMPLES; i++) {
                    TrainingExample e = source.example(i);
                    texts.add(settings().promptText(e.prompt(), e.task()));
                    texts.add(e.answer());
                }
            }
            List<String> words = WordMergeTokenizerJson.frequentWords(texts, 3);
            LOG.info("word tokenizer: {} words from {} texts", words.size(), texts.size());
            return words;
        }

        private void attachDecoders(ModelParts parts) throws IOException {
            long seed = recipe.optim().seed();
            for (Recipe.DecoderPart d : recipe.decoders()) {
                DecoderFactory factory = factories.apply(d.kind());
                if (factory == null) {
                    throw new IllegalArgumentException("no decoder bundle of kind '" + d.kind() + "' is installed");
                }
                if (!factory.unit().equals(d.unit())) {
                    throw new IllegalArgumentException("decoders of kind '" + d.kind() + "' decode " + factory.unit()
                            + ", not " + d.unit());
                }
                TrainableDecoder decoder = d.config() != null
                        ? factory.create(d.config().toString(), parts.manager(), seed + d.unit().hashCode())
                        : factory.load(d.fromModel() ? startingDecoder(parts.source, d) : Recipe.resolve(recipeFile, d.from()),
                                parts.manager());
                int width = parts.lm.config().hiddenSize();
                if (decoder.spec().queryWidth() != width) {
                    decoder.close();
                    throw new IllegalArgumentException("the " + d.kind() + " decoder takes " + decoder.spec().queryWidth()
                            + "-wide REF embeddings but the language model is " + width + " wide (queryInputDim)");
                }
                decoder.train(true);
                parts.decoders.add(d.unit(), d.kind(), decoder);
            }
        }

        /** The starting model's decoder folder of the part's unit and kind ({@code "from": "model"}). */
        private static Path startingDecoder(Path model, Recipe.DecoderPart d) throws IOException {
            List<ModelFolder.Decoder> own = ModelFolder.read(model).map(ModelFolder::decoders).orElse(List.of());
            return own.stream().filter(o -> o.unit().equals(d.unit()) && o.kind().equals(d.kind())).findFirst()
                    .map(o -> model.resolve(o.path()))
                    .orElseThrow(() -> new IllegalArgumentException("the starting model " + model + " has no '" + d.kind()
                            + "' decoder for unit '" + d.unit() + "' to start from (it has: " + own.stream()
                            .map(o -> o.unit() + "=" + o.kind()).toList() + ")"));
        }

        private PipelineSettings settings() throws IOException {
            Recipe.Pipeline p = recipe.pipeline();
            if (p == null) {
                Path from = Recipe.resolve(recipeFile, recipe.model().from());
                ModelFolder m = ModelFolder.read(from).orElseThrow(() -> new IllegalArgumentException(
                        "the recipe has no 'pipeline' section and " + from + " has no " + ModelFolder.FILE + " to take it from"));
                return m.settings();
            }
            return new PipelineSettings(p.template(), p.pyramidSide(), 10, 4, p.gridSide() == 0 ? 3 : p.gridSide(),
                    p.temperature() == 0 ? 10_000 : p.temperature(), p.preprocessing(), p.imageTokens());
        }

        private List<ExampleSource> sources() throws IOException {
            List<ExampleSource> out = new ArrayList<>();
            for (Recipe.DataPart d : recipe.data()) {
                if (d.synthetic() == null) {
                    out.add(new FolderExamples(Recipe.resolve(recipeFile, d.folder()), recipe.optim().seed()));
                } else if (d.synthetic().tasks().contains(LookAgainExamples.TASK)) {
                    out.add(new LookAgainExamples(d.synthetic()));
                } else if (d.synthetic().tasks().contains(RegionColourExamples.TASK)) {
                    out.add(new RegionColourExamples(d.synthetic()));
                } else if (d.synthetic().tasks().contains(ExistenceExamples.TASK)
                        || d.synthetic().tasks().contains(ExistenceExamples.SHAPES_TASK)) {
                    out.add(new ExistenceExamples(d.synthetic()));
                } else {
                    out.add(new SyntheticExamples(d.synthetic()));
                }
            }
            return out;
        }

        private BatchSource<ExampleBatch> data(Preprocessing preprocessing) throws IOException {
            List<WeightedMix.Part<ExampleBatch>> mix = new ArrayList<>();
            List<ExampleSource> sources = sources();
            for (int i = 0; i < sources.size(); i++) {
                ExampleSource source = sources.get(i);
                mix.add(new WeightedMix.Part<>(source.describe(), recipe.data().get(i).weight(),
                        new ExampleBatches(source, recipe.batchSize(), preprocessing)));
            }
            return mix.size() == 1 ? mix.get(0).source() : new WeightedMix<>(mix);
        }

        /**
         * Whether a decoder of the starting model goes into the written one: one whose unit this run
         * did not train, or, when the recipe trains its unit {@code alongside}, one of another kind;
         * never one of a unit the recipe drops.
         */
        private boolean keeps(ModelFolder.Decoder old) {
            if (recipe.dropDecoders().contains(old.unit())) {
                return false;
            }
            return recipe.decoders().stream().filter(d -> d.unit().equals(old.unit()))
                    .allMatch(d -> d.alongside() && !d.kind().equals(old.kind()));
        }

        /**
         * Whether the written model answers questions about one object in two passes: this run
         * trained it to ({@value LookAgainExamples#TASK} data), or the model it started from was.
         */
        private boolean looksAgain(Optional<ModelFolder> start) {
            boolean trained = recipe.data().stream().anyMatch(d -> d.synthetic() != null
                    && d.synthetic().tasks().contains(LookAgainExamples.TASK));
            return trained || start.map(ModelFolder::looksAgain).orElse(false);
        }

        /**
         * Writes {@code model/} next to the checkpoints: into a temporary folder first, renamed when
         * complete, so a model folder is never half written. Stage 3 keeps the starting model's
         * decoders for units it did not train, and those of other kinds for a unit trained
         * {@code alongside} them.
         */
        private Path writeModel(ModelParts parts, PipelineSettings s, Path model) throws IOException {
            Path tmp = model.resolveSibling(model.getFileName() + ".tmp");
            deleteTree(tmp);
            List<ModelFolder.Decoder> kept = new ArrayList<>();
            Optional<ModelFolder> start = recipe.model().from() != null ? ModelFolder.read(parts.source) : Optional.empty();
            for (ModelFolder.Decoder old : start.map(ModelFolder::decoders).orElse(List.of())) {
                if (keeps(old)) {
                    copyTree(parts.source.resolve(old.path()), tmp.resolve(old.path()));
                    kept.add(old);
                }
            }
            List<ModelFolder.Decoder> decoders = new ArrayList<>();
            for (TrainedDecoders.Entry e : parts.decoders.entries()) {
                e.decoder().train(false);
                Recipe.DecoderPart part = recipe.decoders().stream().filter(d -> d.unit().equals(e.unit())).findFirst()
                        .orElseThrow();
                decoders.add(new ModelFolder.Decoder(e.unit(), e.kind(), ModelParts.decoderPath(e.unit(), e.kind(), kept))
                        .rankedAt(part.ranking() == null ? 0 : part.ranking()));
            }
            decoders.addAll(kept);
            Boolean lookAgain = looksAgain(start) ? Boolean.TRUE : null;
            parts.save(tmp, new ModelFolder(recipe.name(), s.template(), s.pyramidSide(), s.gridSide(), s.temperature(),
                    decoders, s.preprocessing(), s.imageTokens(), lookAgain));
            // The decoders trained in this phase were trained against the base just written (stage 3
            // freezes it; stage 2 trained it with them); a copied decoder keeps what it recorded.
            String base = BaseFingerprint.of(tmp);
            List<ModelFolder.Decoder> recorded = new ArrayList<>();
            for (ModelFolder.Decoder d : decoders) {
                recorded.add(kept.contains(d) ? d : d.trainedAgainst(base));
            }
            new ModelFolder(recipe.name(), s.template(), s.pyramidSide(), s.gridSide(), s.temperature(), recorded,
                    s.preprocessing(), s.imageTokens(), lookAgain).write(tmp);
            List<String> stale = new ArrayList<>();
            for (ModelFolder.Decoder d : recorded) {
                if (!base.equals(d.base())) {
                    stale.add(d.unit() + " (" + d.kind() + ")");
                }
            }
            if (!stale.isEmpty()) {
                LOG.warn("model '{}': decoder(s) {} were trained against another base than the one written; "
                        + "train them again against it (a stage-3 phase per decoder)", recipe.name(), stale);
            }
            deleteTree(model);
            Files.move(tmp, model, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("model '{}' written to {}", recipe.name(), model);
            return model;
        }
    }

    /**
     * Writes the newest checkpoint of the newest phase that has one as a model folder
     * {@code model-step-N/} in the output folder, without training: how a run in progress (or a
     * paused one) is tried out with {@code ask} or {@code eval}.
     *
     * @return the model folder written
     */
    public Path exportLatestCheckpoint() throws IOException {
        for (int i = recipe.phases() - 1; i > 0; i--) {
            Phase phase = phase(i);
            if (Checkpoint.latest(phase.dir().resolve(Trainer.CHECKPOINTS)).isPresent()) {
                return phase.export();
            }
        }
        return phase(0).export();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
