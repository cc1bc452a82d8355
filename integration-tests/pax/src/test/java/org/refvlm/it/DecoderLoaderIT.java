package org.refvlm.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.DecoderInfo;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.decoder.detr.DetrBoxDecoder;
import org.refvlm.decoder.detr.DetrDecoderConfig;
import org.refvlm.decoder.maskformer.MaskFormerDecoder;
import org.refvlm.decoder.maskformer.MaskFormerDecoderConfig;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.ImageFrame;
import org.refvlm.tensor.TensorRuntime;

/**
 * A decoder folder becomes a decoder service by configuration alone, with its name and ranking,
 * and a folder that does not load leaves no service behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class) // DJL natives bind to one class loader per JVM: one framework per class
public class DecoderLoaderIT {

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private DecoderRegistry registry;

    @Inject
    private TensorRuntime tensors;

    @Inject
    private ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() throws Exception {
        return PlatformOptions.platform("decoder-loader");
    }

    private void configure(Path folder, String name, int ranking) throws Exception {
        configure("org.refvlm.decoder.detr", folder, name, ranking);
    }

    private void configure(String factoryPid, Path folder, String name, int ranking) throws Exception {
        DecoderFolders.serve(configAdmin, factoryPid, folder, name, ranking);
    }

    @Test
    public void detrFolderIsServedByConfigurationAndABrokenOneIsNot() throws Exception {
        DetrDecoderConfig tiny = DetrDecoderConfig.builder().queryInputDim(16).numQueries(4).featureLevels(List.of("vit"))
                .featureDims(List.of(8)).dModel(16).layers(1).heads(2).ffnDim(32).dropout(0).build();
        Path folder = PlatformOptions.workDir("decoder-loader").resolve("detr-tiny");
        try (NDManager m = tensors.newManager("make-decoder"); DetrBoxDecoder made = new DetrBoxDecoder(tiny, m, 7)) {
            made.saveFolder(folder);
        }
        configure(PlatformOptions.workDir("decoder-loader").resolve("no-such-folder"), "broken", 100);
        configure(folder, "detr-tiny", 5);
        Await.until("the DETR folder is served for unit box", 30_000,
                () -> registry.active("box").map(DecoderInfo::decoder).orElse("").equals("detr-tiny"));
        LoaderRuns.awaitActive(scr, "org.refvlm.decoder.detr.service.DetrDecoderLoader", "name", "broken", 30_000);
        assertEquals("the broken folder must not be registered", List.of("detr-tiny"),
                registry.decoders().stream().map(DecoderInfo::decoder).toList());
        assertEquals(5, registry.active("box").orElseThrow().ranking());

        try (NDManager m = tensors.newManager("decode")) {
            DecoderInput input = new DecoderInput(m.randomNormal(new Shape(1, 4, 16)),
                    m.create(new boolean[] {true, true, false, false}, new Shape(1, 4)),
                    Map.of("vit", m.randomNormal(new Shape(1, 8, 6, 6))), List.of(new ImageFrame(120, 80)));
            List<DecodedUnit> boxes = registry.resolve("box").decode(input).get(0);
            assertEquals(2, boxes.size());
            BoxUnit b = (BoxUnit) boxes.get(0);
            assertTrue(b.toString(), b.x0() >= 0 && b.x1() <= 120 && b.y1() <= 80 && b.x1() >= b.x0());
        }
    }

    @Test
    public void maskFormerFolderIsServedForUnitMask() throws Exception {
        MaskFormerDecoderConfig tiny = MaskFormerDecoderConfig.builder().queryInputDim(16).numQueries(4)
                .lateralLevels(List.of("stride4")).lateralDims(List.of(8)).stemLevel("vit").stemDim(8).dModel(16)
                .layers(1).heads(2).ffnDim(32).dropout(0).normGroups(4).build();
        Path folder = PlatformOptions.workDir("decoder-loader").resolve("maskformer-tiny");
        try (NDManager m = tensors.newManager("make-decoder"); MaskFormerDecoder made = new MaskFormerDecoder(tiny, m, 7)) {
            made.saveFolder(folder);
        }
        configure("org.refvlm.decoder.maskformer", folder, "maskformer-tiny", 0);
        Await.until("the MaskFormer folder is served for unit mask", 30_000,
                () -> registry.active("mask").map(DecoderInfo::decoder).orElse("").equals("maskformer-tiny"));
        try (NDManager m = tensors.newManager("decode")) {
            DecoderInput input = new DecoderInput(m.randomNormal(new Shape(1, 4, 16)),
                    m.create(new boolean[] {true, false, false, false}, new Shape(1, 4)),
                    Map.of("vit", m.randomNormal(new Shape(1, 8, 6, 6)), "stride4", m.randomNormal(new Shape(1, 8, 12, 12))),
                    List.of(new ImageFrame(120, 80)));
            List<DecodedUnit> masks = registry.resolve("mask").decode(input).get(0);
            assertEquals(1, masks.size());
            MaskUnit mask = (MaskUnit) masks.get(0);
            assertEquals(120, mask.mask().width());
            assertEquals(80, mask.mask().height());
        }
    }
}
