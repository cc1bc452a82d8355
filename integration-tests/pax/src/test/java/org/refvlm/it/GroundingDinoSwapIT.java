package org.refvlm.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.DecoderInfo;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.RgbImage;
import org.refvlm.decoder.detr.DetrBoxDecoder;
import org.refvlm.decoder.detr.DetrDecoderConfig;
import org.refvlm.decoder.groundingdino.GroundingDinoBoxDecoder;
import org.refvlm.decoder.groundingdino.GroundingDinoDecoderConfig;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.DecoderInput;
import org.refvlm.tensor.TensorRuntime;

/**
 * The Grounding DINO bundle in the running platform: its factory is registered for the trainer,
 * and a folder configured under its PID serves unit box next to a DETR folder. Box requests go to
 * DETR (higher ranking), then to Grounding DINO once it is pinned, then back to DETR when unpinned,
 * without a restart. The two are told apart by their answers: DETR's boxes carry no score,
 * Grounding DINO's carry the sigmoid of their contrastive logit.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class) // DJL natives bind to one class loader per JVM: one framework per class
public class GroundingDinoSwapIT {

    private static final String DETECTOR = """
            {"d_model": 32, "encoder_layers": 1, "decoder_layers": 2, "encoder_attention_heads": 2,
             "decoder_attention_heads": 2, "encoder_ffn_dim": 64, "decoder_ffn_dim": 64,
             "encoder_n_points": 2, "decoder_n_points": 2, "num_feature_levels": 3, "num_queries": 10,
             "max_text_len": 8,
             "backbone_config": {"model_type": "swin", "embed_dim": 16, "depths": [1, 1, 1],
               "num_heads": [1, 2, 2], "window_size": 4, "patch_size": 4, "mlp_ratio": 2.0,
               "image_size": 64, "out_features": ["stage2", "stage3"]},
             "text_config": {"model_type": "bert", "hidden_size": 32, "num_hidden_layers": 1,
               "num_attention_heads": 2, "intermediate_size": 64, "vocab_size": 64,
               "max_position_embeddings": 16}}
            """;

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
        return PlatformOptions.platform("groundingdino-swap");
    }

    @After
    public void cleanUp() {
        registry.pins().keySet().forEach(registry::unpin);
    }

    private Path groundingDinoFolder() throws Exception {
        Path folder = PlatformOptions.workDir("groundingdino-swap").resolve("groundingdino");
        GroundingDinoDecoderConfig c = GroundingDinoDecoderConfig.builder().queryInputDim(16).numQueries(2)
                .imageSide(64).detector(new ObjectMapper().readTree(DETECTOR)).build();
        try (NDManager m = tensors.newManager("make-groundingdino");
             GroundingDinoBoxDecoder made = new GroundingDinoBoxDecoder(c, m, 7)) {
            made.saveFolder(folder);
        }
        return folder;
    }

    private Path detrFolder() throws Exception {
        Path folder = PlatformOptions.workDir("groundingdino-swap").resolve("detr");
        DetrDecoderConfig c = DetrDecoderConfig.builder().queryInputDim(16).numQueries(2)
                .featureLevels(List.of("stride8")).featureDims(List.of(8)).dModel(16).layers(1).heads(2).ffnDim(32)
                .build();
        try (NDManager m = tensors.newManager("make-detr"); DetrBoxDecoder made = new DetrBoxDecoder(c, m, 7)) {
            made.saveFolder(folder);
        }
        return folder;
    }

    /** One box request through the registry with what both decoders read: the picture and a stride-8 map. */
    private BoxUnit request() {
        byte[] rgb = new byte[60 * 40 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 31 % 251);
        }
        DecoderImage image = new DecoderImage(new RgbImage(60, 40, rgb));
        try (NDManager m = tensors.newManager("box-request")) {
            DecoderInput input = new DecoderInput(m.randomNormal(new Shape(1, 2, 16)),
                    m.create(new boolean[] {true, false}, new Shape(1, 2)),
                    Map.of("stride8", m.randomNormal(new Shape(1, 8, 8, 8))), List.of(image.frame()), List.of(image));
            List<DecodedUnit> units = registry.resolve("box").decode(input).get(0);
            assertEquals(1, units.size());
            return (BoxUnit) units.get(0);
        }
    }

    private String active() {
        return registry.active("box").map(DecoderInfo::decoder).orElse("");
    }

    @Test
    public void boxRequestsSwapToGroundingDinoAndBackWhileThePlatformRuns() throws Exception {
        DecoderFolders.assertRealDecoderBundle(context, "org.refvlm.decoder.groundingdino", GroundingDinoBoxDecoder.KIND);
        assertFalse("no box decoder serves before a folder is configured", registry.active("box").isPresent());

        DecoderFolders.serve(configAdmin, "org.refvlm.decoder.detr", detrFolder(), "box-detr", 10);
        DecoderFolders.serve(configAdmin, "org.refvlm.decoder." + GroundingDinoBoxDecoder.KIND, groundingDinoFolder(),
                "groundingdino", 0);
        Await.until("both box decoders are registered", 60_000,
                () -> registry.decoders().stream().filter(d -> d.unit().equals("box")).count() == 2);
        assertEquals("the higher ranking serves box", "box-detr", active());
        assertTrue("DETR's boxes carry no score", Double.isNaN(request().score()));

        registry.pin("box", "groundingdino");
        assertEquals("groundingdino", active());
        BoxUnit pinned = request();
        assertTrue("Grounding DINO answers with a contrastive score, got " + pinned.score(),
                pinned.score() >= 0 && pinned.score() <= 1);
        assertTrue("the box lies in the picture: " + pinned, pinned.x0() >= 0 && pinned.x1() <= 60 + 1e-6
                && pinned.y0() >= 0 && pinned.y1() <= 40 + 1e-6);

        assertTrue(registry.unpin("box"));
        assertEquals("box-detr", active());
        assertTrue("DETR answers again", Double.isNaN(request().score()));
    }
}
