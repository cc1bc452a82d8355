package org.refvlm.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.DecoderInfo;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.RefVlm;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Request;
import org.refvlm.api.Response;
import org.refvlm.api.RgbImage;
import org.refvlm.core.pipeline.ModelActivation;
import org.refvlm.spi.DecoderFactory;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.tensor.TensorRuntime;

/**
 * The decoder template (examples/decoder-template, docs/writing-a-decoder.md) in the running
 * platform: a third-party box decoder with its own image backbone is installed, trained by
 * {@code refvlm:train} against the served model's REF states, served without a restart, and
 * answers requests through the request pipeline, which hands it the request's picture because
 * its SPI 0.2 spec asks for it. Uninstalling it gives unit box back to the model's DETR decoder.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class) // DJL natives bind to one class loader per JVM: one framework per class
public class TemplateDecoderIT {

    private static final long TIMEOUT = 60_000;
    private static final String ANSWER = "<Phrase>the square</Phrase>(<Unit>box</Unit>[0]<REF>)";
    private static final String SERVED = "patchbox-stage3";

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
        return PlatformOptions.trainingPlatform("template", "refvlm.it.template");
    }

    @Test
    public void imageReadingDecoderIsInstalledTrainedAndServedFromThePicture() throws Exception {
        RunningPlatform platform = new RunningPlatform(context);
        Path work = PlatformOptions.workDir("template");
        RunningPlatform.deleteTree(work.resolve("stage2"));
        RunningPlatform.deleteTree(work.resolve("stage3"));
        Path stage2Recipe = RunningPlatform.copyResource("stage3/stage2.json", work);
        Path stage3Recipe = RunningPlatform.copyResource("template/patchbox-stage3.json", work);

        // a tiny model with a DETR box decoder, trained in the platform and served
        platform.shell("refvlm:train", "--recipe", stage2Recipe, "--out", work.resolve("stage2"));
        new ModelActivation(configAdmin).use(work.resolve("stage2").resolve("model"));
        RefVlm refvlm = context.getService(platform.awaitPipeline("tiny-stage2", TIMEOUT));
        Await.until("detr serves unit box", TIMEOUT, () -> activeBox().equals("detr"));

        // the template bundle comes in with its factory; no decoder until one is trained
        Bundle template = context.installBundle("file:" + PlatformOptions.required("refvlm.it.template"));
        template.start();
        Await.until("the patchbox factory is registered", TIMEOUT, () -> factory() != null);
        assertEquals("box", factory().getProperty(VisualUnitDecoder.UNIT));
        assertEquals("detr", activeBox());

        // stage 3 through the platform's trainer, served at ranking 10 when done
        Path out = work.resolve("stage3");
        String trained = platform.shell("refvlm:train", "--recipe", stage3Recipe, "--out", out, "--serve", "10");
        assertTrue(trained, trained.contains("serving patchbox decoder '" + SERVED + "' for unit box with ranking 10"));
        List<Double> losses = RunningPlatform.losses(out.resolve("metrics.jsonl"));
        assertEquals(trained, 80, losses.size());
        double first = RunningPlatform.mean(losses.subList(0, 5)), last = RunningPlatform.mean(losses.subList(70, 80));
        assertTrue("the patchbox loss did not fall: " + first + " -> " + last + " in " + losses, last < first);
        Await.until("the trained patchbox decoder serves unit box", TIMEOUT, () -> activeBox().equals(SERVED));
        VisualUnitDecoder served = registry.resolve("box");
        // the service object is the platform's in-flight guard around the template's decoder
        assertEquals(template.getBundleId(), registry.active("box").orElseThrow().bundleId());
        assertTrue(served.spec().needsImage());

        // through the request pipeline: the decoder gets the picture (without it, it would fail
        // and the reference would carry that error instead of a box)
        Request request = Request.builder(TestPictures.square(12, 10), "Where is the square?").build();
        BoxUnit box = boxOf(refvlm.readAnswer(request, ANSWER));
        assertTrue(box.toString(), box.x1() <= 64 && box.y1() <= 48 && box.area() > 0);

        // it reads the picture: the same embedding on two pictures gives two boxes, on one picture one
        try (NDManager m = tensors.newManager("template-it")) {
            DecoderInput a = input(m, TestPictures.square(12, 10)), b = input(m, TestPictures.square(36, 20));
            List<DecodedUnit> onA = served.decode(a).get(0), onB = served.decode(b).get(0);
            assertEquals(onA, served.decode(input(m, TestPictures.square(12, 10))).get(0));
            assertNotEquals("the picture must change the box", onA, onB);
        }

        // uninstalled: unit box goes back to the model's DETR decoder, requests still answered
        template.uninstall();
        Await.until("detr serves unit box again", TIMEOUT, () -> activeBox().equals("detr"));
        assertNotNull(boxOf(refvlm.readAnswer(request, ANSWER)));
    }

    private String activeBox() {
        return registry.active("box").map(DecoderInfo::decoder).orElse("(none)");
    }

    private ServiceReference<?> factory() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(DecoderFactory.class.getName(),
                    "(" + DecoderFactory.KIND + "=patchbox)");
            return refs == null ? null : refs[0];
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One reference with a fixed embedding, and the picture, as the router would hand them over. */
    private static DecoderInput input(NDManager m, RgbImage picture) {
        float[] query = new float[32];
        for (int i = 0; i < query.length; i++) {
            query[i] = (float) Math.sin(i);
        }
        DecoderImage image = new DecoderImage(picture);
        return new DecoderInput(m.create(query, new Shape(1, 1, 32)), m.create(new boolean[] {true}, new Shape(1, 1)),
                Map.of(), List.of(image.frame()), List.of(image));
    }

    /** The one referred object of {@link #ANSWER}, which must have decoded to a box. */
    private static BoxUnit boxOf(Response r) {
        assertEquals(ANSWER, r.text());
        assertEquals(1, r.objects().size());
        ReferredObject o = r.objects().get(0);
        assertNull(o.error(), o.error());
        return (BoxUnit) o.value();
    }
}
