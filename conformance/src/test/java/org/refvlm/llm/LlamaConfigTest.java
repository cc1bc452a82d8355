package org.refvlm.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LlamaConfigTest {
    private static LlamaConfig parse(String json) throws Exception {
        return LlamaConfig.parse(new ObjectMapper().readTree(json));
    }

    @Test
    void readsTransformers5RopeParameters() throws Exception {
        LlamaConfig c = LlamaConfig.fromJson(org.refvlm.TestFixtures.folder("llama-tiny").resolve("config.json"));
        assertThat(c.ropeTheta()).isEqualTo(10000.0);
        assertThat(c.headDim()).isEqualTo(16);
        assertThat(c.numKeyValueHeads()).isEqualTo(4);
        assertThat(c.tieWordEmbeddings()).isFalse();
        assertThat(c.rmsNormEps()).isEqualTo(1e-6);
        assertThat(c.padTokenId()).isZero();
        assertThat(c.expectedWeights()).containsKey("lm_head.weight").hasSize(21);
    }

    @Test
    void readsVicunaStyleTopLevelRopeThetaAndDefaults() throws Exception {
        LlamaConfig c = parse("{\"hidden_size\":4096,\"num_attention_heads\":32,\"num_hidden_layers\":32,"
                + "\"intermediate_size\":11008,\"rms_norm_eps\":1e-5,\"rope_theta\":500000.0,\"rope_scaling\":null,"
                + "\"vocab_size\":32000,\"tie_word_embeddings\":false}");
        assertThat(c.ropeTheta()).isEqualTo(500000.0);
        assertThat(c.numKeyValueHeads()).isEqualTo(32);
        assertThat(c.headDim()).isEqualTo(128);
        assertThat(c.ropeType()).isEqualTo("default");
        assertThat(c.parameterCount()).isEqualTo(6_738_415_616L);
        LlamaConfig sparse = parse("{}");
        assertThat(sparse.ropeTheta()).isEqualTo(10000.0);
        assertThat(sparse.padTokenId()).isEqualTo(-1);
    }

    @Test
    void readsGroupedQueryTiedAndLinearScaling() throws Exception {
        LlamaConfig c = parse("{\"hidden_size\":64,\"num_attention_heads\":8,\"num_key_value_heads\":2,"
                + "\"tie_word_embeddings\":true,\"rope_parameters\":{\"rope_type\":\"linear\",\"factor\":2.0,"
                + "\"rope_theta\":1000.0},\"eos_token_id\":[2,7]}");
        assertThat(c.numKeyValueHeads()).isEqualTo(2);
        assertThat(c.expectedWeights()).doesNotContainKey("lm_head.weight");
        assertThat(c.expectedWeights().get("model.layers.0.self_attn.k_proj.weight").getShape()).containsExactly(16, 64);
        assertThat(c.ropeFactor()).isEqualTo(2.0);
        assertThat(c.ropeTheta()).isEqualTo(1000.0);
        assertThat(c.eosTokenIds()).containsExactly(2, 7);
    }

    @Test
    void refusesWhatItCannotCompute() {
        assertThatThrownBy(() -> parse("{\"rope_scaling\":{\"rope_type\":\"llama3\",\"factor\":8}}"))
                .hasMessageContaining("llama3");
        assertThatThrownBy(() -> parse("{\"hidden_act\":\"gelu\"}")).hasMessageContaining("gelu");
        assertThatThrownBy(() -> parse("{\"num_attention_heads\":6,\"num_key_value_heads\":4}"))
                .hasMessageContaining("multiple");
    }
}
