package org.refvlm.decoder.groundingdino.pretrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.refvlm.data.AtomicFile;
import org.refvlm.data.synth.ReferringExpressions;

/**
 * A word-level BERT vocabulary for the synthetic world's phrases, so a small Grounding DINO can be
 * pretrained with text prompts as the original is: [PAD], [UNK], [CLS], [SEP], [MASK] first, then
 * the punctuation that cuts or joins phrases, then every word the world names objects with
 * (attributes, nouns and plurals, the words of extreme positions, "the"), sorted. Words are split as BERT's pre-tokenizer splits them
 * (lower case, whitespace, each punctuation mark a token of its own), and {@link #write} gives the
 * same vocabulary as a Hugging Face {@code tokenizer.json} (WordPiece over whole words), so
 * {@code grounding-dino detect} tokenises a caption to the ids training saw.
 */
public final class SynthVocabulary {

    static final String PAD = "[PAD]";
    static final String UNK = "[UNK]";
    static final String CLS = "[CLS]";
    static final String SEP = "[SEP]";
    private static final List<String> SPECIAL = List.of(PAD, UNK, CLS, SEP, "[MASK]");
    private static final List<String> PUNCTUATION = List.of(".", "?", ",", "-");

    private final Map<String, Integer> ids;

    private SynthVocabulary(Map<String, Integer> ids) {
        this.ids = ids;
    }

    /** The synthetic world's vocabulary. */
    public static SynthVocabulary world() {
        TreeSet<String> words = new TreeSet<>();
        for (String word : ReferringExpressions.words()) {
            words.addAll(words(word));                   // BERT splits "medium-sized" into three
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (String token : SPECIAL) {
            ids.put(token, ids.size());
        }
        for (String token : PUNCTUATION) {
            ids.put(token, ids.size());
        }
        for (String word : words) {
            ids.putIfAbsent(word, ids.size());
        }
        return new SynthVocabulary(ids);
    }

    /** BERT's pre-tokenisation of plain English: lower case, split at whitespace, punctuation marks alone. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            boolean punctuation = !Character.isLetterOrDigit(c) && !Character.isWhitespace(c);
            if (Character.isWhitespace(c) || punctuation) {
                if (word.length() > 0) {
                    out.add(word.toString());
                    word.setLength(0);
                }
                if (punctuation) {
                    out.add(String.valueOf(c));
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            out.add(word.toString());
        }
        return out;
    }

    /** Tokens in the vocabulary, the special ones included. */
    public int size() {
        return ids.size();
    }

    /** The id of a token ({@code [UNK]}'s for one the vocabulary lacks). */
    public long id(String token) {
        return ids.getOrDefault(token, ids.get(UNK));
    }

    /** The token of an id. */
    public String token(long id) {
        return ids.entrySet().stream().filter(e -> e.getValue() == id).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no token has id " + id + " of " + ids.size()));
    }

    /** The ids of the tokens that cut a caption into phrases: [CLS], [SEP], "." and "?". */
    public Set<Long> cuts() {
        return Set.of(id(CLS), id(SEP), id("."), id("?"));
    }

    /** The ids of {@code text}'s words, without [CLS] and [SEP]. */
    public long[] wordIds(String text) {
        return words(text).stream().mapToLong(this::id).toArray();
    }

    /** Writes the vocabulary as a Hugging Face {@code tokenizer.json} that adds [CLS] and [SEP] around a caption. */
    public void write(Path tokenizerJson) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String token : SPECIAL) {
            added.addObject().put("id", ids.get(token)).put("content", token).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.putObject("normalizer").put("type", "BertNormalizer").put("clean_text", true)
                .put("handle_chinese_chars", true).putNull("strip_accents").put("lowercase", true);
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", CLS).put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        single.addObject().putObject("SpecialToken").put("id", SEP).put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", CLS).put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", SEP).put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        pair.addObject().putObject("SpecialToken").put("id", SEP).put("type_id", 1);
        ObjectNode specials = post.putObject("special_tokens");
        for (String token : List.of(CLS, SEP)) {
            ObjectNode s = specials.putObject(token);
            s.put("id", token);
            s.putArray("ids").add(ids.get(token));
            s.putArray("tokens").add(token);
        }
        root.putObject("decoder").put("type", "WordPiece").put("prefix", "##").put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece").put("unk_token", UNK).put("continuing_subword_prefix", "##")
                .put("max_input_chars_per_word", 100);
        ObjectNode vocab = model.putObject("vocab");
        ids.forEach(vocab::put);
        byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        AtomicFile.write(tokenizerJson, out -> out.write(bytes));
    }
}
