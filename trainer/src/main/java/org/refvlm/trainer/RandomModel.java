package org.refvlm.trainer;

import org.refvlm.spi.FeatureLevels;
import org.refvlm.trainer.internal.ImageTokenMaps;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.encoder.clipvit.ClipImageProcessorConfig;
import org.refvlm.encoder.clipvit.ClipVisionConfig;
import org.refvlm.encoder.clipvit.ClipVisionModels;
import org.refvlm.encoder.convnext.ConvNextConfig;
import org.refvlm.encoder.convnext.ConvNextModels;
import org.refvlm.llm.CausalLanguageModel;
import org.refvlm.llm.CharTokenizerJson;
import org.refvlm.llm.GenerationConfigFile;
import org.refvlm.llm.LlamaConfig;
import org.refvlm.llm.LlamaModels;
import org.refvlm.llm.RefVlmTokens;
import org.refvlm.llm.WordMergeTokenizerJson;
import org.refvlm.tensor.safetensors.SafetensorsWriter;

/**
 * Writes a complete, randomly initialised model folder in the layout the platform loads:
 * {@code llm/} (LLaMA config, weights, a tokenizer), {@code clip-vit/}, {@code convnext/} and
 * {@code projector.safetensors}. Each part's random weights come from its own bundle
 * ({@link LlamaModels#random}, {@link ClipVisionModels#randomWeights}, {@link ConvNextModels#randomWeights});
 * this class only lays the folder out. Untrained: it exercises every part end to end, it does not
 * answer sensibly; recipes train from it.
 */
public final class RandomModel {

    private RandomModel() {
    }

    public static void write(Path dir, RandomModelSpec spec, Device device) throws IOException {
        write(dir, spec, device, List.of());
    }

    /**
     * The same with a word-merge tokenizer ({@link WordMergeTokenizerJson}) built for
     * {@code words}; no words gives the character tokenizer ({@link CharTokenizerJson}).
     */
    public static void write(Path dir, RandomModelSpec spec, Device device, List<String> words) throws IOException {
        write(dir, spec, device, words, FeatureLevels.VIT);
    }

    /**
     * The same, with a projector that reads {@code imageTokens}: the ViT's patches (as wide as the
     * ViT) or a ConvNeXt stage (as wide as that stage), as the model's pipeline will.
     */
    public static void write(Path dir, RandomModelSpec spec, Device device, List<String> words, String imageTokens)
            throws IOException {
        int projectorInput = ImageTokenMaps.width(imageTokens, spec.vitHidden(), spec.convnextDims());
        Files.createDirectories(dir.resolve("llm"));
        Files.createDirectories(dir.resolve("clip-vit"));
        Files.createDirectories(dir.resolve("convnext"));
        int vocab = (words.isEmpty() ? CharTokenizerJson.vocabularySize() : WordMergeTokenizerJson.vocabularySize(words))
                + RefVlmTokens.ADDED_TOKENS.size();
        Files.writeString(dir.resolve("llm/tokenizer.json"),
                words.isEmpty() ? CharTokenizerJson.json() : WordMergeTokenizerJson.json(words));
        LlamaConfig llama = LlamaConfig.of(vocab, spec.llmHidden(), spec.llmHidden() * 2, spec.llmLayers(),
                spec.llmHeads(), spec.llmHeads(), false);
        Files.writeString(dir.resolve("llm/config.json"), llama.toJson());
        // The files Hugging Face writes beside the weights, so the folder reads as theirs do.
        GenerationConfigFile.write(dir.resolve("llm"), llama.bosTokenId(), llama.eosTokenIds().get(0),
                Math.max(llama.padTokenId(), 0));
        try (CausalLanguageModel lm = LlamaModels.random(llama, device, (int) spec.seed())) {
            SafetensorsWriter.write(dir.resolve("llm/model.safetensors"), lm.parameters().asMap(),
                    SafetensorsWriter.metadata("format", "pt"));
        }
        ClipVisionConfig vit = new ClipVisionConfig(spec.vitHidden(), spec.vitHidden() * 4, spec.vitLayers(), spec.vitHeads(),
                3, spec.vitImage(), spec.vitPatch(), 1e-5, "quick_gelu");
        Files.writeString(dir.resolve("clip-vit/config.json"), vit.toJson());
        ClipImageProcessorConfig.clip(spec.vitImage()).write(dir.resolve("clip-vit"));
        ConvNextConfig convnext = new ConvNextConfig(3, spec.convnextDepths(), spec.convnextDims(), 4, 7, 4, true, 1e-6);
        Files.writeString(dir.resolve("convnext/config.json"), convnext.toJson());
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(device)) {
            // One generator for the encoders and the projector, drawn in this order: the same seed
            // gives the same folder.
            m.getEngine().setRandomSeed((int) spec.seed());
            SafetensorsWriter.write(dir.resolve("clip-vit/model.safetensors"), ClipVisionModels.randomWeights(vit, m),
                    SafetensorsWriter.metadata("format", "pt"));
            SafetensorsWriter.write(dir.resolve("convnext/model.safetensors"), ConvNextModels.randomWeights(convnext, m),
                    SafetensorsWriter.metadata("format", "pt"));
            Map<String, NDArray> projector = new LinkedHashMap<>();
            projector.put("model.0.weight", m.randomNormal(0, 0.02f, new Shape(spec.llmHidden(), projectorInput),
                    DataType.FLOAT32));
            projector.put("model.0.bias", m.zeros(new Shape(spec.llmHidden())));
            projector.put("model.2.weight", m.randomNormal(0, 0.02f, new Shape(spec.llmHidden(), spec.llmHidden()),
                    DataType.FLOAT32));
            projector.put("model.2.bias", m.zeros(new Shape(spec.llmHidden())));
            SafetensorsWriter.write(dir.resolve("projector.safetensors"), projector, SafetensorsWriter.metadata("format", "pt"));
        }
    }
}
