package org.refvlm.llm;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LLaMA-family configuration as Hugging Face's {@code config.json} states it. Defaults are
 * transformers' {@code LlamaConfig} defaults, so a sparse config (as Vicuna v1.5 ships) reads the
 * same here as in Python.
 *
 * @param ropeTheta        from transformers 5's {@code rope_parameters.rope_theta} or the older
 *                         top-level {@code rope_theta}
 * @param ropeType         "default" or "linear" (position interpolation); others are refused
 * @param ropeFactor       scaling factor for "linear", 1 otherwise
 * @param padTokenId       -1 when the config has none
 */
public record LlamaConfig(
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        double rmsNormEps,
        double ropeTheta,
        String ropeType,
        double ropeFactor,
        int maxPositionEmbeddings,
        boolean tieWordEmbeddings,
        boolean attentionBias,
        boolean mlpBias,
        double initializerRange,
        int bosTokenId,
        List<Integer> eosTokenIds,
        int padTokenId) {

    public LlamaConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads " + numAttentionHeads
                    + " is not a multiple of num_key_value_heads " + numKeyValueHeads);
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head_dim must be even for rotary embeddings, got " + headDim);
        }
        if (!ropeType.equals("default") && !ropeType.equals("linear")) {
            throw new IllegalArgumentException("rope type '" + ropeType + "' is not supported (default, linear)");
        }
    }

    /** Reads {@code config.json}. */
    public static LlamaConfig fromJson(Path configJson) throws IOException {
        return parse(new ObjectMapper().readTree(Files.readAllBytes(configJson)));
    }

    /** Parses a config tree. */
    public static LlamaConfig parse(JsonNode c) {
        String act = text(c, "hidden_act", "silu");
        if (!act.equals("silu")) {
            throw new IllegalArgumentException("hidden_act '" + act + "' is not supported (LLaMA uses silu)");
        }
        int hidden = integer(c, "hidden_size", 4096);
        int heads = integer(c, "num_attention_heads", 32);
        int kvHeads = c.hasNonNull("num_key_value_heads") ? c.get("num_key_value_heads").asInt() : heads;
        int headDim = c.hasNonNull("head_dim") ? c.get("head_dim").asInt() : hidden / heads;
        double theta = 10000.0;
        String ropeType = "default";
        double factor = 1.0;
        if (c.hasNonNull("rope_theta")) {
            theta = c.get("rope_theta").asDouble();
        }
        JsonNode rp = c.hasNonNull("rope_parameters") ? c.get("rope_parameters") : c.get("rope_scaling");
        if (rp != null && rp.isObject()) {
            if (rp.hasNonNull("rope_theta")) {
                theta = rp.get("rope_theta").asDouble();
            }
            String t = rp.hasNonNull("rope_type") ? rp.get("rope_type").asText()
                    : rp.hasNonNull("type") ? rp.get("type").asText() : "default";
            ropeType = t;
            if (rp.hasNonNull("factor")) {
                factor = rp.get("factor").asDouble();
            }
        }
        if (ropeType.equals("default")) {
            factor = 1.0;
        }
        List<Integer> eos = new ArrayList<>();
        JsonNode e = c.get("eos_token_id");
        if (e != null && e.isArray()) {
            e.forEach(n -> eos.add(n.asInt()));
        } else if (e != null && !e.isNull()) {
            eos.add(e.asInt());
        } else {
            eos.add(2);
        }
        return new LlamaConfig(
                integer(c, "vocab_size", 32000),
                hidden,
                integer(c, "intermediate_size", 11008),
                integer(c, "num_hidden_layers", 32),
                heads,
                kvHeads,
                headDim,
                c.hasNonNull("rms_norm_eps") ? c.get("rms_norm_eps").asDouble() : 1e-6,
                theta,
                ropeType,
                factor,
                integer(c, "max_position_embeddings", 2048),
                c.hasNonNull("tie_word_embeddings") && c.get("tie_word_embeddings").asBoolean(),
                c.hasNonNull("attention_bias") && c.get("attention_bias").asBoolean(),
                c.hasNonNull("mlp_bias") && c.get("mlp_bias").asBoolean(),
                c.hasNonNull("initializer_range") ? c.get("initializer_range").asDouble() : 0.02,
                integer(c, "bos_token_id", 1),
                eos,
                c.hasNonNull("pad_token_id") ? c.get("pad_token_id").asInt() : -1);
    }

    /** A plain random-init config (used by benchmarks and tests). */
    public static LlamaConfig of(int vocab, int hidden, int intermediate, int layers, int heads, int kvHeads,
                                 boolean tied) {
        return new LlamaConfig(vocab, hidden, intermediate, layers, heads, kvHeads, hidden / heads, 1e-6, 10000.0,
                "default", 1.0, 4096, tied, false, false, 0.02, 1, List.of(2), 0);
    }

    /** Same config with another vocabulary size (after adding tokens). */
    public LlamaConfig withVocabSize(int v) {
        return new LlamaConfig(v, hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads, numKeyValueHeads,
                headDim, rmsNormEps, ropeTheta, ropeType, ropeFactor, maxPositionEmbeddings, tieWordEmbeddings,
                attentionBias, mlpBias, initializerRange, bosTokenId, eosTokenIds, padTokenId);
    }

    /** Every weight the model needs, with its shape, in Hugging Face names. */
    public Map<String, Shape> expectedWeights() {
        Map<String, Shape> m = new LinkedHashMap<>();
        long d = hiddenSize;
        long q = (long) numAttentionHeads * headDim;
        long kv = (long) numKeyValueHeads * headDim;
        m.put("model.embed_tokens.weight", new Shape(vocabSize, d));
        for (int i = 0; i < numHiddenLayers; i++) {
            String p = "model.layers." + i + ".";
            m.put(p + "input_layernorm.weight", new Shape(d));
            m.put(p + "post_attention_layernorm.weight", new Shape(d));
            m.put(p + "self_attn.q_proj.weight", new Shape(q, d));
            m.put(p + "self_attn.k_proj.weight", new Shape(kv, d));
            m.put(p + "self_attn.v_proj.weight", new Shape(kv, d));
            m.put(p + "self_attn.o_proj.weight", new Shape(d, q));
            if (attentionBias) {
                m.put(p + "self_attn.q_proj.bias", new Shape(q));
                m.put(p + "self_attn.k_proj.bias", new Shape(kv));
                m.put(p + "self_attn.v_proj.bias", new Shape(kv));
                m.put(p + "self_attn.o_proj.bias", new Shape(d));
            }
            m.put(p + "mlp.gate_proj.weight", new Shape(intermediateSize, d));
            m.put(p + "mlp.up_proj.weight", new Shape(intermediateSize, d));
            m.put(p + "mlp.down_proj.weight", new Shape(d, intermediateSize));
            if (mlpBias) {
                m.put(p + "mlp.gate_proj.bias", new Shape(intermediateSize));
                m.put(p + "mlp.up_proj.bias", new Shape(intermediateSize));
                m.put(p + "mlp.down_proj.bias", new Shape(d));
            }
        }
        m.put("model.norm.weight", new Shape(d));
        if (!tieWordEmbeddings) {
            m.put("lm_head.weight", new Shape(vocabSize, d));
        }
        return m;
    }

    /**
     * This config as a Hugging Face {@code config.json} ({@code LlamaForCausalLM}), what
     * {@link #fromJson} reads back; token ids 1 and 2 for BOS and EOS, as LLaMA's tokenizer has them.
     */
    public String toJson() {
        com.fasterxml.jackson.databind.node.ObjectNode j = new ObjectMapper().createObjectNode();
        j.put("model_type", "llama");
        j.putArray("architectures").add("LlamaForCausalLM");
        j.put("vocab_size", vocabSize);
        j.put("hidden_size", hiddenSize);
        j.put("intermediate_size", intermediateSize);
        j.put("num_hidden_layers", numHiddenLayers);
        j.put("num_attention_heads", numAttentionHeads);
        j.put("num_key_value_heads", numKeyValueHeads);
        j.put("rms_norm_eps", rmsNormEps);
        j.put("rope_theta", ropeTheta);
        j.put("max_position_embeddings", maxPositionEmbeddings);
        j.put("tie_word_embeddings", tieWordEmbeddings);
        j.put("bos_token_id", 1);
        j.put("eos_token_id", 2);
        j.put("hidden_act", "silu");
        return j.toPrettyString();
    }

    /** Approximate parameter count. */
    public long parameterCount() {
        long n = 0;
        for (Shape s : expectedWeights().values()) {
            n += s.size();
        }
        return n;
    }

    private static int integer(JsonNode c, String key, int def) {
        return c.hasNonNull(key) ? c.get(key).asInt() : def;
    }

    private static String text(JsonNode c, String key, String def) {
        return c.hasNonNull(key) ? c.get(key).asText() : def;
    }
}
