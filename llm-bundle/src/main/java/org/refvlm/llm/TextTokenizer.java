package org.refvlm.llm;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hugging Face {@code tokenizer.json} through DJL's tokenizers binding. Extra tokens are added
 * to the JSON's {@code added_tokens} as special, non-normalised tokens before the native
 * tokenizer is built, which makes them atomic exactly as {@code add_tokens(..., special_tokens=True)}
 * does in Python; tokens already present keep their ids.
 */
public final class TextTokenizer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TextTokenizer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HuggingFaceTokenizer tokenizer;
    private final Map<String, Long> vocab;
    private final Map<Long, String> byId;
    private final Map<String, Long> added;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, Map<String, Long> vocab, Map<String, Long> added) {
        this.tokenizer = tokenizer;
        this.vocab = vocab;
        this.added = added;
        this.byId = new HashMap<>();
        vocab.forEach((k, v) -> byId.put(v, k));
    }

    /** Loads a tokenizer unchanged. */
    public static TextTokenizer load(Path tokenizerJson) throws IOException {
        return load(tokenizerJson, List.of());
    }

    /** Loads a tokenizer and adds {@code extraTokens} (in order) as atomic special tokens. */
    public static TextTokenizer load(Path tokenizerJson, List<String> extraTokens) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readAllBytes(tokenizerJson));
        Map<String, Long> vocab = new LinkedHashMap<>();
        JsonNode model = root.get("model");
        if (model != null && model.get("vocab") != null && model.get("vocab").isObject()) {
            model.get("vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asLong()));
        }
        ArrayNode addedTokens = root.has("added_tokens") && root.get("added_tokens").isArray()
                ? (ArrayNode) root.get("added_tokens") : root.putArray("added_tokens");
        Map<String, Long> added = new LinkedHashMap<>();
        long maxId = vocab.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        for (JsonNode t : addedTokens) {
            added.put(t.get("content").asText(), t.get("id").asLong());
            maxId = Math.max(maxId, t.get("id").asLong());
        }
        int appended = 0;
        for (String token : extraTokens) {
            if (added.containsKey(token)) {
                continue;
            }
            long id = vocab.containsKey(token) ? vocab.get(token) : ++maxId;
            addToken(addedTokens, id, token, true);
            added.put(token, id);
            appended++;
        }
        vocab.putAll(added);
        Map<String, String> options = new HashMap<>();
        options.put("addSpecialTokens", "true");
        options.put("truncation", "false");
        options.put("padding", "false");
        HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(
                new ByteArrayInputStream(JSON.writeValueAsBytes(root)), options);
        LOG.debug("tokenizer {} with {} tokens ({} added here)", tokenizerJson, vocab.size(), appended);
        return new TextTokenizer(hf, vocab, added);
    }

    /** Appends one entry to a tokenizer.json's {@code added_tokens}: matched as written, never normalised. */
    static void addToken(ArrayNode addedTokens, long id, String content, boolean special) {
        ObjectNode t = addedTokens.addObject();
        t.put("id", id);
        t.put("content", content);
        t.put("single_word", false);
        t.put("lstrip", false);
        t.put("rstrip", false);
        t.put("normalized", false);
        t.put("special", special);
    }

    /** Token ids; {@code addSpecialTokens} applies the post-processor (LLaMA: a leading BOS). */
    public long[] encode(String text, boolean addSpecialTokens) {
        Encoding e = tokenizer.encode(text, addSpecialTokens, false);
        return e.getIds();
    }

    /** Token strings for the same encoding. */
    public List<String> tokens(String text, boolean addSpecialTokens) {
        return List.of(tokenizer.encode(text, addSpecialTokens, false).getTokens());
    }

    /**
     * REF-VLM's encoding of a turn: text split on {@code <image>} and {@code [VPT]}, each piece
     * encoded without special tokens, slots marked with {@link RefVlmTokens#IMAGE_TOKEN_INDEX} and
     * {@link RefVlmTokens#VISUAL_PROMPT_INDEX}; BOS first when asked.
     */
    public long[] encodeWithPlaceholders(String text, boolean addBos) {
        List<Long> ids = new ArrayList<>();
        if (addBos) {
            ids.add(bosId());
        }
        Matcher m = Pattern.compile(Pattern.quote(RefVlmTokens.IMAGE) + "|" + Pattern.quote(RefVlmTokens.VISUAL_PROMPT))
                .matcher(text);
        int last = 0;
        while (m.find()) {
            appendPiece(ids, text.substring(last, m.start()));
            ids.add(m.group().equals(RefVlmTokens.IMAGE) ? RefVlmTokens.IMAGE_TOKEN_INDEX : RefVlmTokens.VISUAL_PROMPT_INDEX);
            last = m.end();
        }
        appendPiece(ids, text.substring(last));
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private void appendPiece(List<Long> ids, String piece) {
        if (!piece.isEmpty()) {
            for (long id : encode(piece, false)) {
                ids.add(id);
            }
        }
    }

    /** Text for ids (placeholder ids are skipped). */
    public String decode(long[] ids, boolean skipSpecialTokens) {
        return tokenizer.decode(java.util.Arrays.stream(ids).filter(i -> i >= 0).toArray(), skipSpecialTokens);
    }

    /** Id of a token string, or -1. */
    public long tokenId(String token) {
        return vocab.getOrDefault(token, -1L);
    }

    /** Token string of an id, or null. */
    public String token(long id) {
        return byId.get(id);
    }

    /** Vocabulary size including added tokens (what the embedding matrix must have). */
    public int vocabSize() {
        long max = -1;
        for (long id : vocab.values()) {
            max = Math.max(max, id);
        }
        return (int) (max + 1);
    }

    /** Added (special) tokens and their ids. */
    public Map<String, Long> addedTokens() {
        return Collections.unmodifiableMap(added);
    }

    public long bosId() {
        return tokenId("<s>");
    }

    public long eosId() {
        return tokenId("</s>");
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
