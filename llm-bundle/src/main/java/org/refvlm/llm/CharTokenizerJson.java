package org.refvlm.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A character-level tokenizer in Hugging Face {@code tokenizer.json} form: a BPE model with no
 * merges over printable ASCII and newline, {@code <unk>}, {@code <s>} and {@code </s>}. Small
 * enough for tiny models trained from scratch; REF-VLM's special tokens are added on loading.
 */
public final class CharTokenizerJson {

    static final String[] SPECIALS = {"<unk>", "<s>", "</s>"};

    private CharTokenizerJson() {
    }

    public static int vocabularySize() {
        return SPECIALS.length + 1 + (126 - 32 + 1);
    }

    public static String json() {
        ObjectNode root = skeleton();
        ObjectNode model = (ObjectNode) root.get("model");
        ObjectNode vocab = model.putObject("vocab");
        vocabulary().forEach(vocab::put);
        model.putArray("merges");
        return root.toPrettyString();
    }

    /** Token ids of the characters (specials, newline, printable ASCII), in id order. */
    static java.util.Map<String, Integer> vocabulary() {
        java.util.Map<String, Integer> vocab = new java.util.LinkedHashMap<>();
        for (String s : SPECIALS) {
            vocab.put(s, vocab.size());
        }
        vocab.put("\n", vocab.size());
        for (char c = 32; c <= 126; c++) {
            vocab.put(String.valueOf(c), vocab.size());
        }
        return vocab;
    }

    /** Everything but the model's vocabulary and merges. */
    static ObjectNode skeleton() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < SPECIALS.length; i++) {
            added.addObject().put("id", i).put("content", SPECIALS[i]).put("single_word", false).put("lstrip", false)
                    .put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.putNull("normalizer");
        root.putNull("pre_tokenizer");
        root.putNull("post_processor");
        root.putObject("decoder").put("type", "Fuse");
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.put("unk_token", "<unk>");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        return root;
    }
}
