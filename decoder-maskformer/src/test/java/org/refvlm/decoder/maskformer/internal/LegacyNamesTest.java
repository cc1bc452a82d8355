package org.refvlm.decoder.maskformer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.refvlm.decoder.maskformer.MaskFormerDecoder;
import org.refvlm.tensor.safetensors.SafetensorsFile;

/**
 * Decoder folders written before the decoder moved onto the layer kit keep loading: the
 * committed default model's mask decoder carries the old names, and every one of its tensors must
 * land in the parameter that now bears its new name.
 */
class LegacyNamesTest {

    /** The default model's mask decoder, as committed (written by refvlm 0.1). */
    /** The default model's mask decoder as shipped before the layer kit (session 6), kept as a fixture. */
    private static final Path COMMITTED = Path.of("src", "test", "resources", "org", "refvlm", "decoder", "maskformer",
            "legacy-folder");

    @Test
    void oldNamesMapToTheKitsAndNewOnesStay() {
        assertThat(LegacyNames.current("decoder.layers.1.self_attn_norm.weight"))
                .isEqualTo("decoder.layers.1.self_attn_layer_norm.weight");
        assertThat(LegacyNames.current("decoder.layers.0.cross_attn.q_proj.bias"))
                .isEqualTo("decoder.layers.0.encoder_attn.q_proj.bias");
        assertThat(LegacyNames.current("decoder.layers.12.cross_attn_norm.bias"))
                .isEqualTo("decoder.layers.12.encoder_attn_layer_norm.bias");
        assertThat(LegacyNames.current("decoder.layers.0.ffn_norm.weight"))
                .isEqualTo("decoder.layers.0.final_layer_norm.weight");
        assertThat(LegacyNames.current("mask_head.2.weight")).isEqualTo("mask_head.layers.2.weight");
        for (String current : new String[] {"decoder.layers.0.self_attn.q_proj.weight",
                "decoder.layers.0.encoder_attn_layer_norm.bias", "mask_head.layers.0.bias", "query_position.weight",
                "pixel_decoder.fuse.1.norm.weight"}) {
            assertThat(LegacyNames.current(current)).isEqualTo(current);
        }
    }

    @Test
    void aMaskDecoderFolderFromBeforeTheKitLoadsEveryTensorWhereItBelongs() throws Exception {
        assertThat(COMMITTED.resolve("model.safetensors")).exists();
        Map<String, float[]> byCurrentName = new HashMap<>();
        int renamed = 0;
        try (SafetensorsFile file = SafetensorsFile.open(COMMITTED.resolve("model.safetensors"))) {
            for (String name : file.names()) {
                String current = LegacyNames.current(name);
                renamed += current.equals(name) ? 0 : 1;
                byCurrentName.put(current, file.readFloats(name));
            }
        }
        assertThat(renamed).as("the committed folder predates the kit").isGreaterThan(0);
        try (NDManager manager = NDManager.newBaseManager();
             MaskFormerDecoder decoder = MaskFormerDecoder.loadFolder(COMMITTED, manager)) {
            Map<String, NDArray> parameters = decoder.parameters();
            assertThat(parameters.keySet()).containsExactlyInAnyOrderElementsOf(byCurrentName.keySet());
            parameters.forEach((name, array) ->
                    assertThat(array.toFloatArray()).as(name).containsExactly(byCurrentName.get(name)));
        }
        assertThat(Files.list(COMMITTED)).as("loading converts in memory, the folder is left as it is").hasSize(2);
    }
}
