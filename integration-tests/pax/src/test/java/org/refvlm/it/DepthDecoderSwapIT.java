package org.refvlm.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
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
import org.refvlm.api.DepthMap;
import org.refvlm.api.DepthUnit;
import org.refvlm.decoder.depth.DepthDecoder;
import org.refvlm.decoder.depth.DepthDecoderConfig;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.ImageFrame;
import org.refvlm.tensor.TensorRuntime;

/**
 * The depth decoder bundle in the running platform: its factory is registered for the trainer, and
 * trained folders configured under its PID serve unit depth by ranking and pins, swapped while the
 * platform runs. Two folders are made so their answers tell them apart: one decodes every pixel at
 * 2 m, the other at 10 m (head weights zero, bias set); each request in between is decoded by the
 * decoder the ranking or the pin names at that moment.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class) // DJL natives bind to one class loader per JVM: one framework per class
public class DepthDecoderSwapIT {

    private static final String PID = "org.refvlm.decoder." + DepthDecoder.KIND;

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
        return PlatformOptions.platform("depth-swap");
    }

    @After
    public void cleanUp() {
        registry.pins().keySet().forEach(registry::unpin);
    }

    private static DepthDecoderConfig tiny() {
        return DepthDecoderConfig.builder().queryInputDim(16).numQueries(2).featureLevels(List.of("stride4", "stride8"))
                .featureDims(List.of(8, 8)).dModel(16).normGroups(4).maxDepth(20).build();
    }

    /** A folder whose decoder answers {@code metres} everywhere: 20 * sigmoid(bias) = metres. */
    private Path constantFolder(String name, double metres) throws Exception {
        Path folder = PlatformOptions.workDir("depth-swap").resolve(name);
        try (NDManager m = tensors.newManager("make-depth-decoder"); DepthDecoder made = new DepthDecoder(tiny(), m, 7)) {
            made.parameters().get("head.1.weight").muli(0);
            NDArray bias = made.parameters().get("head.1.bias");
            bias.muli(0).addi((float) Math.log(metres / (20 - metres)));
            made.saveFolder(folder);
        }
        return folder;
    }

    /** One request for unit depth through the registry, as the router makes it: the decoded depth at the centre. */
    private float request() {
        try (NDManager m = tensors.newManager("depth-request")) {
            DecoderInput input = new DecoderInput(m.randomNormal(new Shape(1, 2, 16)),
                    m.create(new boolean[] {true, false}, new Shape(1, 2)),
                    Map.of("stride4", m.randomNormal(new Shape(1, 8, 8, 8)), "stride8", m.randomNormal(new Shape(1, 8, 4, 4))),
                    List.of(new ImageFrame(60, 40)));
            List<DecodedUnit> units = registry.resolve("depth").decode(input).get(0);
            assertEquals(1, units.size());
            DepthMap d = ((DepthUnit) units.get(0)).depth();
            assertEquals(60, d.width());
            assertEquals(40, d.height());
            return d.at(30, 20);
        }
    }

    private String active() {
        return registry.active("depth").map(DecoderInfo::decoder).orElse("");
    }

    @Test
    public void theBundleIsARealDecoderAndItsFoldersSwapByRankingAndPinWithoutRestart() throws Exception {
        DecoderFolders.assertRealDecoderBundle(context, "org.refvlm.decoder.depth", DepthDecoder.KIND);
        assertFalse("no depth decoder serves before a folder is configured", registry.active("depth").isPresent());

        DecoderFolders.serve(configAdmin, PID, constantFolder("near", 2), "depth-near", 5);
        Await.until("depth-near serves unit depth", 30_000, () -> active().equals("depth-near"));
        assertEquals(2f, request(), 0.01f);

        DecoderFolders.serve(configAdmin, PID, constantFolder("far", 10), "depth-far", 10);
        Await.until("the higher-ranked depth-far takes over", 30_000, () -> active().equals("depth-far"));
        assertEquals(10f, request(), 0.01f);

        registry.pin("depth", "depth-near");
        assertEquals("depth-near", active());
        assertEquals("the pinned decoder answers", 2f, request(), 0.01f);
        assertEquals(2f, request(), 0.01f);

        assertTrue(registry.unpin("depth"));
        assertEquals("depth-far", active());
        assertEquals("the ranking decides again", 10f, request(), 0.01f);

        configAdmin.getFactoryConfiguration(PID, "depth-far", "?").delete();
        Await.until("depth-near serves again once depth-far is withdrawn", 30_000, () -> active().equals("depth-near"));
        assertEquals(2f, request(), 0.01f);
    }
}
