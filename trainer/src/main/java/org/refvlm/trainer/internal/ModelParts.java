package org.refvlm.trainer.internal;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.refvlm.core.vision.Projector;
import org.refvlm.encoder.VisionEncoder;
import org.refvlm.encoder.clipvit.ClipImageProcessorConfig;
import org.refvlm.encoder.clipvit.ClipVisionModels;
import org.refvlm.encoder.convnext.ConvNextModels;
import org.refvlm.encoder.convnext.ConvNextTrunk;
import org.refvlm.llm.GenerationConfigFile;
import org.refvlm.llm.CausalLanguageModel;
import org.refvlm.llm.LlamaModels;
import org.refvlm.llm.RefVlmTokens;
import org.refvlm.llm.TextTokenizer;
import org.refvlm.tensor.safetensors.SafetensorsWriter;
import org.refvlm.trainer.TrainingStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every part of a model a run trains, loaded from a model folder (the same folder layout the
 * platform serves), plus the run's decoders; and the way back: {@link #save} writes a model
 * folder the platform loads with {@code ask --model}.
 *
 * <p>Parameter names are prefixed by part ({@code llm.}, {@code vit.}, {@code convnext.},
 * {@code projector.}, {@code decoder.<unit>.}) so one checkpoint holds them all.
 */
final class ModelParts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelParts.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    final Path source;
    final TextTokenizer tokenizer;
    final CausalLanguageModel lm;
    final VisionEncoder vit;
    final VisionEncoder pyramid;  // null when the model has no convnext/
    final Projector projector;
    final TrainedDecoders decoders = new TrainedDecoders();
    private final NDManager manager;

    private ModelParts(Path source, TextTokenizer tokenizer, CausalLanguageModel lm, VisionEncoder vit,
            VisionEncoder pyramid, Projector projector, NDManager manager) {
        this.source = source;
        this.tokenizer = tokenizer;
        this.lm = lm;
        this.vit = vit;
        this.pyramid = pyramid;
        this.projector = projector;
        this.manager = manager;
    }

    /** Loads the parts of a model folder onto {@code device}; everything starts frozen. */
    static ModelParts load(Path dir, Device device) throws IOException {
        if (!Files.isDirectory(dir.resolve("llm")) || !Files.isDirectory(dir.resolve("clip-vit"))
                || !Files.isRegularFile(dir.resolve("projector.safetensors"))) {
            throw new IllegalArgumentException(dir + " is not a model folder: it needs llm/, clip-vit/ and projector.safetensors");
        }
        NDManager manager = Engine.getEngine("PyTorch").newBaseManager(device);
        TextTokenizer tokenizer = TextTokenizer.load(dir.resolve("llm/tokenizer.json"), RefVlmTokens.ADDED_TOKENS);
        CausalLanguageModel lm = LlamaModels.load(dir.resolve("llm"), device);
        int vocab = lm.config().vocabSize();
        if (tokenizer.vocabSize() > vocab) {
            lm.resizeTokenEmbeddings(tokenizer.vocabSize());
            int copied = NewTokenRows.startFromSpacedWords(lm, tokenizer, vocab);
            LOG.info("{} new token(s); {} start from the rows of the same word with a space", tokenizer.vocabSize() - vocab, copied);
        }
        VisionEncoder vit = ClipVisionModels.load(dir.resolve("clip-vit"), device);
        VisionEncoder pyramid = Files.isDirectory(dir.resolve("convnext"))
                ? ConvNextModels.load(dir.resolve("convnext"), device) : null;
        Projector projector = Projector.read(dir.resolve("projector.safetensors"), manager);
        return new ModelParts(dir, tokenizer, lm, vit, pyramid, projector, manager);
    }

    NDManager manager() {
        return manager;
    }

    /** Freezes and unfreezes the parts as the stage says. */
    void configure(TrainingStage stage, boolean trainEncoders) {
        lm.setTrainable("", stage.trainsLanguageModel());
        vit.setTrainable(trainEncoders);
        if (pyramid != null) {
            pyramid.setTrainable(trainEncoders);
        }
        projector.parameters().values().forEach(p -> p.setRequiresGradient(stage.trainsProjector()));
        for (TrainedDecoders.Entry e : decoders.entries()) {
            e.decoder().parameters().values().forEach(p -> p.setRequiresGradient(stage.trainsDecoders()));
        }
    }

    /** Every parameter under its part's prefix; the trainer trains those that require gradients. */
    Map<String, NDArray> parameters() {
        Map<String, NDArray> all = new LinkedHashMap<>();
        lm.parameters().asMap().forEach((k, v) -> all.put("llm." + k, v));
        vit.parameters().asMap().forEach((k, v) -> all.put("vit." + k, v));
        if (pyramid != null) {
            pyramid.parameters().asMap().forEach((k, v) -> all.put("convnext." + k, v));
        }
        projector.parameters().forEach((k, v) -> all.put("projector." + k, v));
        for (TrainedDecoders.Entry e : decoders.entries()) {
            e.decoder().parameters().forEach((k, v) -> all.put("decoder." + e.unit() + "." + k, v));
        }
        return all;
    }

    /**
     * Writes the model folder: each part in the form its loader reads, the decoders as decoder
     * folders, {@code model.json} last (so a folder with it is complete).
     */
    void save(Path dir, org.refvlm.core.pipeline.ModelFolder description) throws IOException {
        Files.createDirectories(dir);
        copyConfigs(source.resolve("llm"), dir.resolve("llm"));
        ObjectNode llmConfig = (ObjectNode) JSON.readTree(source.resolve("llm/config.json").toFile());
        llmConfig.put("vocab_size", lm.config().vocabSize());
        writeJson(dir.resolve("llm/config.json"), llmConfig);
        SafetensorsWriter.write(dir.resolve("llm/model.safetensors"), lm.parameters().asMap(),
                SafetensorsWriter.metadata("format", "pt"));
        copyConfigs(source.resolve("clip-vit"), dir.resolve("clip-vit"));
        SafetensorsWriter.write(dir.resolve("clip-vit/model.safetensors"), vit.parameters().asMap(),
                SafetensorsWriter.metadata("format", "pt"));
        if (pyramid != null) {
            copyConfigs(source.resolve("convnext"), dir.resolve("convnext"));
            SafetensorsWriter.write(dir.resolve("convnext/model.safetensors"), pyramid.parameters().asMap(),
                    SafetensorsWriter.metadata("format", "pt"));
        }
        SafetensorsWriter.write(dir.resolve("projector.safetensors"), projector.parameters(),
                SafetensorsWriter.metadata("format", "pt"));
        writeHuggingFaceFiles(dir);
        for (TrainedDecoders.Entry e : decoders.entries()) {
            String path = description.decoders().stream().filter(d -> d.unit().equals(e.unit()) && d.kind().equals(e.kind()))
                    .map(org.refvlm.core.pipeline.ModelFolder.Decoder::path).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the model description lists no " + e.kind()
                            + " decoder for unit " + e.unit()));
            e.decoder().saveFolder(dir.resolve(path));
        }
        description.write(dir);
    }

    /**
     * The files Hugging Face and open_clip users expect beside the weights, where the source folder
     * had none: the language model's generation_config.json (its stop token), CLIP's
     * preprocessor_config.json, and the ConvNeXt trunk's config.json (open_clip writes none).
     */
    private void writeHuggingFaceFiles(Path dir) throws IOException {
        if (!Files.exists(dir.resolve("llm").resolve(GenerationConfigFile.NAME))) {
            GenerationConfigFile.write(dir.resolve("llm"), lm.config().bosTokenId(), lm.config().eosTokenIds().get(0),
                    Math.max(lm.config().padTokenId(), 0));
        }
        if (!Files.exists(dir.resolve("clip-vit").resolve(ClipImageProcessorConfig.FILE)) && vit.inputSize().isPresent()) {
            ClipImageProcessorConfig.clip(vit.inputSize().getAsInt()).write(dir.resolve("clip-vit"));
        }
        if (pyramid instanceof ConvNextTrunk trunk && !Files.exists(dir.resolve("convnext/config.json"))) {
            Files.writeString(dir.resolve("convnext/config.json"), trunk.config().toJson());
        }
    }

    /**
     * Where a trained decoder goes in a model folder: {@code decoders/<unit>}, or
     * {@code decoders/<unit>-<kind>} when a decoder kept from the starting model already lives there.
     */
    static String decoderPath(String unit, String kind, List<org.refvlm.core.pipeline.ModelFolder.Decoder> kept) {
        String plain = "decoders/" + unit;
        return kept.stream().anyMatch(d -> d.path().equals(plain)) ? plain + "-" + kind : plain;
    }

    /** Copies the non-weight files of a part folder (configs, tokenizer). */
    private static void copyConfigs(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && !name.endsWith(".safetensors") && !name.endsWith(".index.json")) {
                    Files.copy(f, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void writeJson(Path file, Object value) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "config", ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), value);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        for (TrainedDecoders.Entry e : decoders.entries()) {
            e.decoder().close();
        }
        if (pyramid != null) {
            pyramid.close();
        }
        vit.close();
        lm.close();
        tokenizer.close();
        manager.close();
    }
}
