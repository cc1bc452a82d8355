package org.refvlm.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
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
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.refvlm.api.DecoderInfo;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.RefVlm;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Request;
import org.refvlm.api.Response;
import org.refvlm.api.RgbImage;
import org.refvlm.api.model.LanguageModel;
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

    @Configuration
    public Option[] config() throws Exception {
        List<Option> options = new ArrayList<>(List.of(PlatformOptions.platform("stage3")));
        options.add(systemProperty("refvlm.it.dotmask").value(PlatformOptions.required("refvlm.it.dotmask")));
        // one engine thread: two training runs on a shared 2-core machine are faster that way
        options.add(systemProperty("ai.djl.pytorch.num_threads").value("1"));
        options.add(systemProperty("ai.djl.pytorch.num_interop_threads").value("1"));
        return options.toArray(Option[]::new);
    }

    @Test
    public void secondMaskDecoderIsInstalledTrainedAndServedWithoutRestart() throws Exception {
        long t0 = System.nanoTime();
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        String frameworkUuid = context.getProperty(Constants.FRAMEWORK_UUID); // new at every framework init
        Map<Long, Long> bundlesBefore = bundleStamps();
        Path work = PlatformOptions.workDir("stage3");
        deleteTree(work.resolve("stage2"));
        deleteTree(work.resolve("stage3"));
        Path stage2Recipe = copyResource("stage2.json", work);
        Path stage3Recipe = copyResource("stage3.json", work); // model.from = stage2/model

        // a. a tiny stage-2 model, trained in the platform and made its model
        String trained2 = shell("refvlm:train", "--recipe", stage2Recipe, "--out", work.resolve("stage2"));
        Path model2 = work.resolve("stage2").resolve("model");
        assertTrue(trained2, Files.isRegularFile(model2.resolve(ModelFolder.FILE)));
        new ModelActivation(configAdmin).use(model2);
        ServiceReference<RefVlm> pipelineRef = awaitPipeline("tiny-stage2");
        RefVlm refvlm = context.getService(pipelineRef);
        Await.until("maskformer serves unit mask", TIMEOUT, () -> activeMask().equals("maskformer"));
        DecoderInfo maskformer = registry.active("mask").orElseThrow();
        long afterStage2 = System.nanoTime();

        // b. a request decoded by MaskFormer
        Request request = Request.builder(squareImage(), "Segment the square.").build();
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
        String trained3 = shell("refvlm:train", "--recipe", stage3Recipe, "--out", out3, "--serve", "10");
        long afterStage3 = System.nanoTime();
        assertTrue(trained3, trained3.contains("serving dotmask decoder '" + STAGE3 + "' for unit mask with ranking 10"));
        List<Double> losses = losses(out3.resolve("metrics.jsonl"));
        assertEquals(trained3, 200, losses.size()); // stage3.json's steps
        assertTrue("losses " + losses, losses.stream().allMatch(l -> Double.isFinite(l) && l > 0));
        // steps see different samples, so single losses are noisy: compare means
        double first = mean(losses.subList(0, 5)), last = mean(losses.subList(180, 200));
        assertTrue("the dotmask loss did not fall: " + first + " -> " + last + " in " + losses, last < first);
        Path model3 = out3.resolve("model");
        ModelFolder description = ModelFolder.read(model3).orElseThrow();
        assertEquals(STAGE3, description.name());
        assertTrue(description.decoders().toString(),
                description.decoders().contains(new ModelFolder.Decoder("mask", "dotmask", "decoders/mask")));
        assertTrue("stage 3 keeps the model's box decoder: " + description.decoders(),
                description.decoders().contains(new ModelFolder.Decoder("box", "detr", "decoders/box")));
        assertTrue(Files.readString(model3.resolve("decoders/mask/config.json")).contains("\"featureLevel\""));

        // e. unit mask now resolves to the new decoder, and requests are decoded by it
        Await.until("the trained dotmask decoder serves unit mask", TIMEOUT, () -> activeMask().equals(STAGE3));
        DecoderInfo served = registry.active("mask").orElseThrow();
        assertEquals(dot.getBundleId(), served.bundleId());
        assertEquals("org.refvlm.it.decoder.mask.dot", served.bundleName());
        assertEquals(10, served.ranking());
        assertSame(dot, FrameworkUtil.getBundle(registry.resolve("mask").getClass()));
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
        assertEquals("the request pipeline was not rebuilt", serviceId(pipelineRef),
                serviceId(context.getServiceReference(RefVlm.class)));
        assertTrue("maskformer is still registered, unchanged", registry.decoders().stream()
                .anyMatch(d -> d.serviceId() == maskformer.serviceId() && d.decoder().equals("maskformer") && !d.active()));

        // a pin sends unit mask back to MaskFormer, which decodes as before; unpinning restores ranking
        String pinned = shell("refvlm:pin", "mask", "maskformer");
        assertTrue(pinned, pinned.contains("pinned"));
        assertEquals("maskformer", activeMask());
        assertEquals(byMaskFormer, maskOf(refvlm.readAnswer(request, ANSWER)));
        String unpinned = shell("refvlm:unpin", "mask");
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

    /**
     * The request pipeline of the named model, once built with every model service it uses: a
     * RefVlm registered after the language model and both encoders (the pyramid encoder is an
     * optional reference, and a later one rebuilds the pipeline).
     */
    private ServiceReference<RefVlm> awaitPipeline(String modelName) throws Exception {
        long end = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < end) {
            ServiceReference<RefVlm> ref = context.getServiceReference(RefVlm.class);
            ServiceReference<?>[] models = context.getServiceReferences(LanguageModel.class.getName(), null);
            ServiceReference<?>[] encoders = context.getServiceReferences((String) null,
                    "(|(refvlm.encoder=clip-vit)(refvlm.encoder=clip-convnext))");
            if (ref != null && modelName.equals(ref.getProperty(LanguageModel.NAME)) && models != null
                    && encoders != null && encoders.length == 2) {
                long newest = Stream.concat(Stream.of(models), Stream.of(encoders))
                        .mapToLong(RuntimeStageThreeIT::serviceId).max().orElseThrow();
                if (serviceId(ref) > newest) {
                    return ref;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the request pipeline of model " + modelName + " did not come up");
    }

    private static long serviceId(ServiceReference<?> ref) {
        assertNotNull("service is gone", ref);
        return (Long) ref.getProperty(Constants.SERVICE_ID);
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

    /**
     * Runs a shell command through Gogo as the console would; arguments travel as session
     * variables so paths reach the command unchanged. Returns what the command printed and returned.
     */
    private String shell(String command, Object... args) throws Exception {
        ServiceReference<CommandProcessor> ref = context.getServiceReference(CommandProcessor.class);
        assertNotNull("the Gogo shell is not running", ref);
        CommandProcessor processor = context.getService(ref);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, UTF_8);
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            StringBuilder line = new StringBuilder(command);
            for (int i = 0; i < args.length; i++) {
                session.put("_arg" + i, String.valueOf(args[i]));
                line.append(" $_arg").append(i);
            }
            Object result = session.execute(line);
            if (result != null) {
                out.println(session.format(result, 0));
            }
        } catch (Exception e) {
            throw new AssertionError(command + " failed: " + e + "\n" + buffer.toString(UTF_8), e);
        } finally {
            session.close();
            context.ungetService(ref);
        }
        return buffer.toString(UTF_8);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** The loss of every step in a trainer's metrics.jsonl. */
    private static List<Double> losses(Path metrics) throws Exception {
        Pattern loss = Pattern.compile("\"loss\"\\s*:\\s*\"?([^,\"}]+)");
        List<Double> out = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            Matcher m = loss.matcher(line);
            assertTrue(line, m.find());
            out.add(Double.parseDouble(m.group(1)));
        }
        return out;
    }

    /** 64x48 dark picture with a light square: the image of every request here. */
    private static RgbImage squareImage() {
        int w = 64, h = 48;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean inside = x >= 12 && x < 36 && y >= 10 && y < 34;
                int i = (y * w + x) * 3;
                rgb[i] = (byte) (inside ? 230 : 30);
                rgb[i + 1] = (byte) (inside ? 200 : 40);
                rgb[i + 2] = (byte) (inside ? 40 : 60);
            }
        }
        return new RgbImage(w, h, rgb);
    }

    private Path copyResource(String name, Path dir) throws Exception {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/stage3/" + name)) {
            assertNotNull("test resource /stage3/" + name, in);
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
