package org.refvlm.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.RefVlm;
import org.refvlm.api.Request;
import org.refvlm.api.Response;
import org.refvlm.api.RgbImage;
import org.refvlm.api.VisualPrompt;
import org.refvlm.trainer.RandomModel;
import org.refvlm.trainer.RandomModelSpec;
import org.refvlm.tensor.TensorRuntime;

/**
 * A request through the whole running platform on a tiny random model: encoders, projector,
 * visual prompt, language model, REF capture, router, decoders. A decoder whose bundle is stopped
 * in the middle of the request spoils its own references and nothing else.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class) // DJL natives bind to one class loader per JVM: one framework per class
public class PipelineIT {

    private static final String ANSWER =
            "<Phrase>square</Phrase>(<Unit>box</Unit>[0]<REF>[1]<REF>) near <Phrase>circle</Phrase>(<Unit>mask</Unit>[0]<REF>)";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private TensorRuntime tensors;

    @Inject
    private DecoderRegistry registry;

    @Configuration
    public Option[] config() throws Exception {
        return PlatformOptions.platform("pipeline");
    }

    private void configure(String pid, String key, Path value) throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(key, value.toString());
        if (pid.equals("org.refvlm.pipeline")) {
            props.put("pyramidSide", 64);
        }
        configAdmin.getConfiguration(pid, "?").update(props);
    }

    private RefVlm awaitPipeline() throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < end) {
            ServiceReference<RefVlm> ref = context.getServiceReference(RefVlm.class);
            if (ref != null) {
                return context.getService(ref);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the request pipeline did not come up");
    }

    private static RgbImage image() {
        byte[] rgb = new byte[120 * 80 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 7);
        }
        return new RgbImage(120, 80, rgb);
    }

    @Test
    public void requestRunsEndToEndAndALeavingDecoderSpoilsOnlyItsReferences() throws Exception {
        Path model = PlatformOptions.workDir("pipeline").resolve("random-model");
        RandomModel.write(model, RandomModelSpec.tiny(3), tensors.device());
        assertNull("no pipeline before a model is configured", context.getServiceReference(RefVlm.class));
        configure("org.refvlm.llm", "path", model.resolve("llm"));
        configure("org.refvlm.encoder.clipvit", "path", model.resolve("clip-vit"));
        configure("org.refvlm.encoder.convnext", "path", model.resolve("convnext"));
        configure("org.refvlm.pipeline", "projector", model.resolve("projector.safetensors"));
        RefVlm refvlm = awaitPipeline();

        Bundle alpha = context.installBundle(PlatformOptions.alphaJar().toURI().toString());
        Bundle leaving = context.installBundle(PlatformOptions.leavingJar().toURI().toString());
        alpha.start();
        leaving.start();
        Await.until("box and mask decoders are registered", 10_000,
                () -> registry.units().containsAll(List.of("box", "mask")));

        Request request = Request.builder(image(), "Which shapes touch <region>?")
                .addVisualPrompt(new VisualPrompt.Box(10, 10, 60, 50)).build();
        Response r = refvlm.readAnswer(request, ANSWER);
        assertEquals(ANSWER, r.text());
        assertEquals(3, r.objects().size());
        for (ReferredObject box : r.objects().subList(0, 2)) {
            assertEquals("square", box.phrase());
            assertNull(box.error(), box.error());
            assertTrue(box.value() instanceof BoxUnit);
        }
        ReferredObject mask = r.objects().get(2);
        assertEquals("circle", mask.phrase());
        assertNotNull("the mask decoder left mid-request", mask.error());
        assertTrue(mask.error(), mask.error().startsWith("decoder 'leaving-mask' failed"));
        assertEquals(Bundle.RESOLVED, leaving.getState());

        Response after = refvlm.readAnswer(request, ANSWER);
        assertTrue(after.objects().get(2).error(), after.objects().get(2).error().startsWith("no decoder installed for unit 'mask'"));
        assertNull(after.objects().get(0).error());

        Response generated = refvlm.answer(request, org.refvlm.api.model.GenerationOptions.greedy(12));
        assertNotNull(generated.text());
        alpha.uninstall();
        leaving.uninstall();
    }
}
