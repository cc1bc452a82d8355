package org.refvlm.conformance.models;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.encoder.clipvit.ClipVisionConfig;
import org.refvlm.encoder.convnext.ConvNextConfig;
import org.refvlm.llm.CausalLanguageModel;
import org.refvlm.llm.LlamaConfig;
import org.refvlm.llm.LlamaModels;
import org.refvlm.llm.RefVlmTokens;
import org.refvlm.tensor.safetensors.SafetensorsWriter;

/**
 * Writes a complete, randomly initialised model folder in the layout the platform loads:
 * {@code llm/} (LLaMA config, weights, a character tokenizer), {@code clip-vit/}, {@code convnext/}
 * and {@code projector.safetensors}. Untrained: it exercises every part end to end, it does not
 * answer sensibly.
 */
public final class RandomModel {

    private RandomModel() {
    }

    public static void write(Path dir, RandomModelSpec spec, Device device) throws IOException {
        write(dir, spec, device, List.of());
    }

    /**
     * The same with a word-merge tokenizer ({@link WordMergeTokenizerJson}) built for
     * {@code words}; no words gives the character tokenizer.
     */
    public static void write(Path dir, RandomModelSpec spec, Device device, List<String> words) throws IOException {
        Files.createDirectories(dir.resolve("llm"));
        Files.createDirectories(dir.resolve("clip-vit"));
        Files.createDirectories(dir.resolve("convnext"));
        int vocab = (words.isEmpty() ? CharTokenizerJson.vocabularySize() : WordMergeTokenizerJson.vocabularySize(words))
                + RefVlmTokens.ADDED_TOKENS.size();
        Files.writeString(dir.resolve("llm/tokenizer.json"),
                words.isEmpty() ? CharTokenizerJson.json() : WordMergeTokenizerJson.json(words));
        LlamaConfig llama = LlamaConfig.of(vocab, spec.llmHidden(), spec.llmHidden() * 2, spec.llmLayers(),
                spec.llmHeads(), spec.llmHeads(), false);
        Files.writeString(dir.resolve("llm/config.json"), llamaJson(llama));
        try (CausalLanguageModel lm = LlamaModels.random(llama, device, (int) spec.seed())) {
            SafetensorsWriter.write(dir.resolve("llm/model.safetensors"), lm.parameters().asMap(),
                    SafetensorsWriter.metadata("format", "pt"));
        }
        ClipVisionConfig vit = new ClipVisionConfig(spec.vitHidden(), spec.vitHidden() * 4, spec.vitLayers(), spec.vitHeads(),
                3, spec.vitImage(), spec.vitPatch(), 1e-5, "quick_gelu");
        Files.writeString(dir.resolve("clip-vit/config.json"), clipJson(vit));
        ConvNextConfig convnext = new ConvNextConfig(3, spec.convnextDepths(), spec.convnextDims(), 4, 7, 4, true, 1e-6);
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(device)) {
            m.getEngine().setRandomSeed((int) spec.seed());
            Map<String, NDArray> vitWeights = random(vit.expectedWeights(), m);
            vitWeights.put(POSITIONS, sineCosinePositions(vit.imageSize() / vit.patchSize(), vit.hiddenSize(), m));
            SafetensorsWriter.write(dir.resolve("clip-vit/model.safetensors"), vitWeights,
                    SafetensorsWriter.metadata("format", "pt"));
            SafetensorsWriter.write(dir.resolve("convnext/model.safetensors"), random(convnext.expectedWeights(), m),
                    SafetensorsWriter.metadata("format", "pt"));
            Map<String, NDArray> projector = new LinkedHashMap<>();
            projector.put("model.0.weight", m.randomNormal(0, 0.02f, new Shape(spec.llmHidden(), spec.vitHidden()),
                    ai.djl.ndarray.types.DataType.FLOAT32));
            projector.put("model.0.bias", m.zeros(new Shape(spec.llmHidden())));
            projector.put("model.2.weight", m.randomNormal(0, 0.02f, new Shape(spec.llmHidden(), spec.llmHidden()),
                    ai.djl.ndarray.types.DataType.FLOAT32));
            projector.put("model.2.bias", m.zeros(new Shape(spec.llmHidden())));
            SafetensorsWriter.write(dir.resolve("projector.safetensors"), projector, SafetensorsWriter.metadata("format", "pt"));
        }
    }

    private static final String POSITIONS = "embeddings.position_embedding.weight";

    /**
     * [1 + g*g, d]: the ViT's position embedding starts as a fixed 2-D sine-cosine pattern (as MAE
     * initialises it) rather than N(0, 0.02) noise: a model trained from nothing then knows from
     * the first step where each patch is, which the box decoder reads off the image tokens. The
     * class token's row is zero. Half the channels encode the row, half the column.
     */
    static NDArray sineCosinePositions(int grid, int d, NDManager m) {
        float[] table = new float[(1 + grid * grid) * d];
        int quarter = d / 4;
        for (int y = 0; y < grid; y++) {
            for (int x = 0; x < grid; x++) {
                int row = 1 + y * grid + x;
                for (int i = 0; i < quarter; i++) {
                    double omega = 1.0 / Math.pow(10_000, (double) i / quarter);
                    table[row * d + i] = (float) Math.sin(y * omega);
                    table[row * d + quarter + i] = (float) Math.cos(y * omega);
                    table[row * d + 2 * quarter + i] = (float) Math.sin(x * omega);
                    table[row * d + 3 * quarter + i] = (float) Math.cos(x * omega);
                }
            }
        }
        return m.create(table, new Shape(1 + grid * grid, d));
    }

    /**
     * Normal(0, 0.02) weights; norm weights 1 and biases 0, so activations keep a sane scale. A norm
     * weight is any one-dimensional {@code weight}: linear and convolution weights have two or more
     * dimensions, while norms are not always named so (ConvNeXt's {@code stem.1} and
     * {@code downsample.0} are LayerNorms; drawn as Normal(0, 0.02) they silenced the whole pyramid).
     */
    private static Map<String, NDArray> random(Map<String, Shape> shapes, NDManager m) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> {
            boolean norm = shape.dimension() == 1;
            NDArray a;
            if (name.endsWith("bias")) {
                a = m.zeros(shape);
            } else if (norm && name.endsWith("weight")) {
                a = m.ones(shape);
            } else if (name.endsWith("gamma")) {
                // ConvNeXt's layer scale. Its paper starts it at 1e-6 so that deep pretrained trunks
                // train stably; a random trunk of one or two blocks per stage that must learn from
                // nothing learns pattern and shape far faster with its blocks switched on (1.0).
                a = m.ones(shape);
            } else {
                a = m.randomNormal(0, 0.02f, shape, ai.djl.ndarray.types.DataType.FLOAT32);
            }
            out.put(name, a);
        });
        return out;
    }

    private static String llamaJson(LlamaConfig c) {
        ObjectNode j = new ObjectMapper().createObjectNode();
        j.put("model_type", "llama");
        j.putArray("architectures").add("LlamaForCausalLM");
        j.put("vocab_size", c.vocabSize());
        j.put("hidden_size", c.hiddenSize());
        j.put("intermediate_size", c.intermediateSize());
        j.put("num_hidden_layers", c.numHiddenLayers());
        j.put("num_attention_heads", c.numAttentionHeads());
        j.put("num_key_value_heads", c.numKeyValueHeads());
        j.put("rms_norm_eps", c.rmsNormEps());
        j.put("rope_theta", c.ropeTheta());
        j.put("max_position_embeddings", c.maxPositionEmbeddings());
        j.put("tie_word_embeddings", c.tieWordEmbeddings());
        j.put("bos_token_id", 1);
        j.put("eos_token_id", 2);
        j.put("hidden_act", "silu");
        return j.toPrettyString();
    }

    private static String clipJson(ClipVisionConfig c) {
        ObjectNode j = new ObjectMapper().createObjectNode();
        j.put("model_type", "clip_vision_model");
        j.put("hidden_size", c.hiddenSize());
        j.put("intermediate_size", c.intermediateSize());
        j.put("num_hidden_layers", c.numHiddenLayers());
        j.put("num_attention_heads", c.numAttentionHeads());
        j.put("num_channels", c.numChannels());
        j.put("image_size", c.imageSize());
        j.put("patch_size", c.patchSize());
        j.put("layer_norm_eps", c.layerNormEps());
        j.put("hidden_act", c.hiddenAct());
        return j.toPrettyString();
    }
}
