package org.refvlm.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.DecoderInfo;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.RgbImage;
import org.refvlm.decoder.maskformer.MaskFormerDecoder;
import org.refvlm.decoder.maskformer.MaskFormerDecoderConfig;
import org.refvlm.decoder.sam.SamDecoder;
import org.refvlm.decoder.sam.SamDecoderConfig;
import org.refvlm.decoder.sam.model.SamConfig;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.ImageFrame;
import org.refvlm.tensor.TensorRuntime;

/**
 * The SAM decoder bundle in the running platform, swapped with MaskFormer for unit mask without a
 * restart: MaskFormer serves, {@code pin mask sam} sends the next requests to SAM, unpinning gives
 * them back to MaskFormer. The two answers are told apart by their score: SAM's is its IoU head's,
 * made exactly 0.37 here (head weights zero, bias set), while a MaskFormer mask scores its mean
 * probability, which is 0 or above 0.5. The SAM folder is served only with the picture: the
 * request carries it, as the pipeline does for a decoder whose spec asks for it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class) // DJL natives bind to one class loader per JVM: one framework per class
public class SamDecoderSwapIT {

    private static final float SAM_SCORE = 0.37f;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private DecoderRegistry registry;

    @Inject
    private TensorRuntime tensors;

    @Configuration
    public Option[] config() throws Exception {
        return PlatformOptions.platform("sam-swap");
    }

    @After
    public void cleanUp() {
        registry.pins().keySet().forEach(registry::unpin);
    }

    private Path maskFormerFolder() throws Exception {
        MaskFormerDecoderConfig tiny = MaskFormerDecoderConfig.builder().queryInputDim(16).numQueries(4)
                .lateralLevels(List.of("stride4")).lateralDims(List.of(8)).stemLevel("vit").stemDim(8).dModel(16)
                .layers(1).heads(2).ffnDim(32).dropout(0).normGroups(4).build();
        Path folder = PlatformOptions.workDir("sam-swap").resolve("maskformer");
        try (NDManager m = tensors.newManager("make-maskformer"); MaskFormerDecoder made = new MaskFormerDecoder(tiny, m, 7)) {
            made.saveFolder(folder);
        }
        return folder;
    }

    private Path samFolder() throws Exception {
        SamConfig sam = SamConfig.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(Map.of(
                "vision_config", Map.of("hidden_size", 16, "output_channels", 16, "num_hidden_layers", 2,
                        "num_attention_heads", 2, "image_size", 32, "patch_size", 4, "mlp_dim", 32, "window_size", 4,
                        "global_attn_indexes", List.of(1), "num_pos_feats", 8),
                "prompt_encoder_config", Map.of("hidden_size", 16, "image_size", 32, "patch_size", 4,
                        "mask_input_channels", 4),
                "mask_decoder_config", Map.of("hidden_size", 16, "mlp_dim", 32, "num_attention_heads", 2,
                        "iou_head_hidden_dim", 16))));
        SamDecoderConfig config = SamDecoderConfig.builder().queryInputDim(16).numQueries(4).sam(sam).build();
        Path folder = PlatformOptions.workDir("sam-swap").resolve("sam");
        try (NDManager m = tensors.newManager("make-sam"); SamDecoder made = new SamDecoder(config, sam, m, 7)) {
            made.allParameters().get("mask_decoder.iou_prediction_head.proj_out.weight").muli(0);
            NDArray bias = made.allParameters().get("mask_decoder.iou_prediction_head.proj_out.bias");
            bias.muli(0).addi(SAM_SCORE);
            made.saveFolder(folder);
        }
        return folder;
    }

    /** One request for unit mask through the registry, with feature maps and the picture: the mask's score. */
    private double request() {
        byte[] rgb = new byte[60 * 40 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 7);
        }
        try (NDManager m = tensors.newManager("mask-request")) {
            DecoderInput input = new DecoderInput(m.randomNormal(new Shape(1, 4, 16)),
                    m.create(new boolean[] {true, false, false, false}, new Shape(1, 4)),
                    Map.of("vit", m.randomNormal(new Shape(1, 8, 6, 6)), "stride4", m.randomNormal(new Shape(1, 8, 12, 12))),
                    List.of(new ImageFrame(60, 40)), List.of(new DecoderImage(new RgbImage(60, 40, rgb))));
            List<DecodedUnit> units = registry.resolve("mask").decode(input).get(0);
            assertEquals(1, units.size());
            MaskUnit mask = (MaskUnit) units.get(0);
            assertEquals(60, mask.mask().width());
            assertEquals(40, mask.mask().height());
            return mask.score();
        }
    }

    private String active() {
        return registry.active("mask").map(DecoderInfo::decoder).orElse("");
    }

    @Test
    public void maskFormerThenPinnedSamThenMaskFormerAgainWithoutRestart() throws Exception {
        DecoderFolders.assertRealDecoderBundle(context, "org.refvlm.decoder.sam", SamDecoder.KIND);

        DecoderFolders.serve(configAdmin, "org.refvlm.decoder.maskformer", maskFormerFolder(), "maskformer", 10);
        DecoderFolders.serve(configAdmin, "org.refvlm.decoder." + SamDecoder.KIND, samFolder(), "sam", 0);
        Await.until("MaskFormer serves unit mask", 30_000, () -> active().equals("maskformer"));
        Await.until("the SAM folder is loaded and registered", 30_000,
                () -> registry.decoders().stream().anyMatch(d -> d.decoder().equals("sam") && d.unit().equals("mask")));
        double before = request();
        assertTrue("MaskFormer answers (score " + before + ")", before == 0 || before > 0.5);

        registry.pin("mask", "sam");
        assertEquals("sam", active());
        assertEquals("the pinned SAM answers", SAM_SCORE, request(), 1e-5);
        assertEquals(SAM_SCORE, request(), 1e-5);

        assertTrue(registry.unpin("mask"));
        assertEquals("maskformer", active());
        double after = request();
        assertTrue("MaskFormer answers again (score " + after + ")", after == 0 || after > 0.5);
    }
}
