package org.refvlm.llm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.tensor.safetensors.RawTensor;
import org.refvlm.tensor.safetensors.SafetensorsFile;
import org.refvlm.tensor.safetensors.SafetensorsWriter;

/** Small random LLaMA configurations for behavioural tests (weights large enough to avoid argmax ties). */
final class TinyLlamas {
    private TinyLlamas() {
    }

    static LlamaConfig config(int kvHeads, boolean tied) {
        return new LlamaConfig(97, 32, 48, 2, 4, kvHeads, 8, 1e-6, 10000.0, "default", 1.0, 256, tied, false, false,
                0.3, 1, List.of(2), 0);
    }

    static CausalLanguageModel random(int kvHeads, boolean tied, int seed) {
        return LlamaModels.random(config(kvHeads, tied), Device.cpu(), seed);
    }

    /** Host copy of every parameter. */
    static Map<String, RawTensor> raw(CausalLanguageModel model) {
        Map<String, RawTensor> m = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : model.parameters().asMap().entrySet()) {
            m.put(e.getKey(), SafetensorsWriter.toRaw(e.getValue()));
        }
        return m;
    }

    static CausalLanguageModel load(LlamaConfig config, Map<String, RawTensor> weights, Path dir) throws IOException {
        Path f = dir.resolve("model-" + System.nanoTime() + ".safetensors");
        SafetensorsWriter.writeRaw(f, weights, Map.of("format", "pt"));
        try (SafetensorsFile src = SafetensorsFile.open(f)) {
            return LlamaModels.fromCheckpoint(config, src, Device.cpu());
        }
    }
}
