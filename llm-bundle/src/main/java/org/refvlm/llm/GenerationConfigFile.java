package org.refvlm.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A language model folder's {@code generation_config.json}, as Hugging Face writes it: the stop
 * tokens ({@code eos_token_id}, one id or a list: Llama 3 and chat models stop on several) are
 * read where the file is present; the project writes it into the model folders it creates.
 */
public final class GenerationConfigFile {

    public static final String NAME = "generation_config.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GenerationConfigFile() {
    }

    /**
     * @return the stop token ids the file names, empty when the folder has no such file
     * @throws IOException naming the file when it is not JSON or its eos_token_id is not ids
     */
    public static List<Long> stopTokens(Path folder) throws IOException {
        Path file = folder.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        JsonNode eos = root == null ? null : root.get("eos_token_id");
        List<Long> ids = new ArrayList<>();
        if (eos == null || eos.isNull()) {
            return ids;
        }
        for (JsonNode id : eos.isArray() ? eos : List.of(eos)) {
            if (!id.canConvertToLong() || !id.isIntegralNumber() || id.asLong() < 0) {
                throw new IOException(file + ": eos_token_id must be a token id or a list of them, found " + eos);
            }
            ids.add(id.asLong());
        }
        return ids;
    }

    /** Writes the file for a model whose tokenizer has these special tokens. */
    public static void write(Path folder, long bosId, long eosId, long padId) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("bos_token_id", bosId);
        root.put("eos_token_id", eosId);
        root.put("pad_token_id", padId);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(NAME), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }
}
