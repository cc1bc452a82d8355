package org.refvlm.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.refvlm.api.DecoderInfo;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.RefVlm;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Request;
import org.refvlm.api.Response;
import org.refvlm.core.pipeline.ModelActivation;
import org.refvlm.core.pipeline.ModelFolder;
import org.refvlm.spi.DecoderFactory;

/**
 * Stage 3 at runtime, in one framework that never restarts: the platform serves a freshly
 * trained model whose mask decoder is MaskFormer; a third-party mask decoder bundle (dotmask) is
 * installed, trained with {@code refvlm:train} against the running model's frozen REF states and
 * served with a higher ranking; requests for unit mask then go to it, and a pin sends them back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class) // DJL natives bind to one class loader per JVM: one framework per class
public class RuntimeStageThreeIT {

    private static final long TIMEOUT = 60_000;
    private static final String ANSWER = "<Phrase>the square</Phrase>(<Unit>mask</Unit>[0]<REF>)";
    /** The stage-3 recipe's name: the name its decoders are served under. */
    private static final String STAGE3 = "dot-stage3";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private DecoderRegistry registry;

    private RunningPlatform platform;

    @Configuration
    public Option[] config() throws Exception {
        return PlatformOptions.trainingPlatform("stage3", "refvlm.it.dotmask");
    }

    @Test
    public void secondMaskDecoderIsInstalledTrainedAndServedWithoutRestart() throws Exception {
        platform = new RunningPlatform(context);
        long t0 = System.nanoTime();
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        String frameworkUuid = context.getProperty(Constants.FRAMEWORK_UUID); // new at every framework init
        Map<Long, Long> bundlesBefore = bundleStamps();
        Path work = PlatformOptions.workDir("stage3");
        RunningPlatform.deleteTree(work.resolve("stage2"));
        RunningPlatform.deleteTree(work.resolve("stage3"));
        Path stage2Recipe = RunningPlatform.copyResource("stage3/stage2.json", work);
        Path stage3Recipe = RunningPlatform.copyResource("stage3/stage3.json", work); // model.from = stage2/model

        // a. a tiny stage-2 model, trained in the platform and made its model
        String trained2 = platform.shell("refvlm:train", "--recipe", stage2Recipe, "--out", work.resolve("stage2"));
        Path model2 = work.resolve("stage2").resolve("model");
        assertTrue(trained2, Files.isRegularFile(model2.resolve(ModelFolder.FILE)));
        new ModelActivation(configAdmin).use(model2);
        ServiceReference<RefVlm> pipelineRef = platform.awaitPipeline("tiny-stage2", TIMEOUT);
        RefVlm refvlm = context.getService(pipelineRef);
        Await.until("maskformer serves unit mask", TIMEOUT, () -> activeMask().equals("maskformer"));
        DecoderInfo maskformer = registry.active("mask").orElseThrow();
        long afterStage2 = System.nanoTime();

        // b. a request decoded by MaskFormer
        Request request = Request.builder(TestPictures.square(12, 10), "Segment the square.").build();
        ReferredObject byMaskFormer = maskOf(refvlm.readAnswer(request, ANSWER));

        // c. the third-party decoder bundle comes in; it brings a factory, not yet a decoder
        Bundle dot = context.installBundle("file:" + PlatformOptions.required("refvlm.it.dotmask"));
        dot.start();
        long dotInstalled = dot.getLastModified();
        Await.until("the dotmask decoder factory is registered", TIMEOUT, () -> dotmaskFactory() != null);
        assertEquals("mask", dotmaskFactory().getProperty("refvlm.unit"));
        assertEquals("maskformer", activeMask());

        // d. stage 3 against the running model, served at ranking 10 when done
        long beforeStage3 = System.nanoTime();
        Path out3 = work.resolve("stage3");
        String trained3 = platform.shell("refvlm:train", "--recipe", stage3Recipe, "--out", out3, "--serve", "10");
        long afterStage3 = System.nanoTime();
        assertTrue(trained3, trained3.contains("serving dotmask decoder '" + STAGE3 + "' for unit mask with ranking 10"));
        List<Double> losses = RunningPlatform.losses(out3.resolve("metrics.jsonl"));
        assertEquals(trained3, 200, losses.size()); // stage3.json's steps
        assertTrue("losses " + losses, losses.stream().allMatch(l -> Double.isFinite(l) && l > 0));
        // steps see different samples, so single losses are noisy: compare means
        double first = RunningPlatform.mean(losses.subList(0, 5)), last = RunningPlatform.mean(losses.subList(180, 200));
        assertTrue("the dotmask loss did not fall: " + first + " -> " + last + " in " + losses, last < first);
        Path model3 = out3.resolve("model");
        ModelFolder description = ModelFolder.read(model3).orElseThrow();
        assertEquals(STAGE3, description.name());
        assertTrue(description.decoders().toString(), has(description, "mask", "dotmask"));
        assertTrue("stage 3 keeps the model's box decoder: " + description.decoders(), has(description, "box", "detr"));
        // stage 3 froze the base: the kept box decoder and the new mask decoder record the base shipped with them
        assertTrue("stale decoders: " + description.decoders(), description.staleDecoders(model3).isEmpty());
        assertTrue(Files.readString(model3.resolve("decoders/mask/config.json")).contains("\"featureLevel\""));

        // e. unit mask now resolves to the new decoder, and requests are decoded by it
        Await.until("the trained dotmask decoder serves unit mask", TIMEOUT, () -> activeMask().equals(STAGE3));
        DecoderInfo served = registry.active("mask").orElseThrow();
        assertEquals(dot.getBundleId(), served.bundleId());
        assertEquals("org.refvlm.it.decoder.mask.dot", served.bundleName());
        assertEquals(10, served.ranking());
        ReferredObject byDotMask = maskOf(refvlm.readAnswer(request, ANSWER));
        System.out.printf("RuntimeStageThreeIT: stage 2 + activation %.1f s, stage 3 %.1f s, up to the first dotmask answer %.1f s; "
                + "dotmask loss %.3f -> %.3f; mask area maskformer %d, dotmask %d%n",
                (afterStage2 - t0) / 1e9, (afterStage3 - beforeStage3) / 1e9, (System.nanoTime() - t0) / 1e9, first, last,
                ((MaskUnit) byMaskFormer.value()).mask().area(), ((MaskUnit) byDotMask.value()).mask().area());
        assertNotEquals("the same request must now be decoded by another decoder", byMaskFormer.value(), byDotMask.value());

        // ... by the same running platform: nothing was restarted or reloaded
        assertEquals(Bundle.ACTIVE, system.getState());
        assertEquals(frameworkUuid, context.getProperty(Constants.FRAMEWORK_UUID));
        assertEquals(Bundle.ACTIVE, dot.getState());
        assertEquals("the dotmask bundle was not updated or reinstalled", dotInstalled, dot.getLastModified());
        assertEquals("no bundle of the platform was restarted or updated", bundlesBefore, bundleStamps());
        assertEquals("the request pipeline was not rebuilt", RunningPlatform.serviceId(pipelineRef),
                RunningPlatform.serviceId(context.getServiceReference(RefVlm.class)));
        assertTrue("maskformer is still registered, unchanged", registry.decoders().stream()
                .anyMatch(d -> d.serviceId() == maskformer.serviceId() && d.decoder().equals("maskformer") && !d.active()));

        // a pin sends unit mask back to MaskFormer, which decodes as before; unpinning restores ranking
        String pinned = platform.shell("refvlm:pin", "mask", "maskformer");
        assertTrue(pinned, pinned.contains("pinned"));
        assertEquals("maskformer", activeMask());
        assertEquals(byMaskFormer, maskOf(refvlm.readAnswer(request, ANSWER)));
        String unpinned = platform.shell("refvlm:unpin", "mask");
        assertTrue(unpinned, unpinned.contains("decoder '" + STAGE3 + "' serves it by ranking"));
        assertEquals(STAGE3, activeMask());
        assertEquals(byDotMask, maskOf(refvlm.readAnswer(request, ANSWER)));
        assertEquals(Map.of(), registry.pins());
    }

    private String activeMask() {
        return registry.active("mask").map(DecoderInfo::decoder).orElse("(none)");
    }

    private ServiceReference<?> dotmaskFactory() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(DecoderFactory.class.getName(),
                    "(" + DecoderFactory.KIND + "=dotmask)");
            return refs == null ? null : refs[0];
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one referred object of {@link #ANSWER}, which must have decoded to a mask of the image. */
    private static ReferredObject maskOf(Response r) {
        assertEquals(ANSWER, r.text());
        assertEquals(1, r.objects().size());
        ReferredObject o = r.objects().get(0);
        assertEquals("the square", o.phrase());
        assertNull(o.error(), o.error());
        MaskUnit mask = (MaskUnit) o.value();
        assertEquals(64, mask.mask().width());
        assertEquals(48, mask.mask().height());
        return o;
    }

    /** Bundle id to last-modified time of every bundle: an update or reinstall changes it. */
    private Map<Long, Long> bundleStamps() {
        Map<Long, Long> out = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().contains("/refvlm/bundle/") || b.getBundleId() == 0) {
                assertEquals(b.getSymbolicName(), Bundle.ACTIVE, b.getState());
                out.put(b.getBundleId(), b.getLastModified());
            }
        }
        return out;
    }

    private static boolean has(ModelFolder model, String unit, String kind) {
        return model.decoders().stream().anyMatch(d -> d.unit().equals(unit) && d.kind().equals(kind)
                && d.path().equals("decoders/" + unit));
    }
}
