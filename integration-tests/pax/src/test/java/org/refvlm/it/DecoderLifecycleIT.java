package org.refvlm.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.DecoderInfo;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.NoDecoderException;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.tensor.TensorRuntime;

/**
 * Decoder bundles come and go while the framework runs: the registry follows them, ranking and
 * pins decide which one serves a unit, and nothing is restarted.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class) // DJL natives bind to one class loader per JVM: one framework per class
public class DecoderLifecycleIT {

    private static final long TIMEOUT = 10_000;

    @Inject
    private BundleContext context;

    @Inject
    private DecoderRegistry registry;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private TensorRuntime tensors;

    private final List<Bundle> installed = new ArrayList<>();

    @Configuration
    public Option[] config() throws Exception {
        return PlatformOptions.platform("lifecycle");
    }

    @After
    public void cleanUp() throws Exception {
        registry.pins().keySet().forEach(registry::unpin);
        for (Bundle b : installed) {
            if (b.getState() != Bundle.UNINSTALLED) {
                b.uninstall();
            }
        }
        installed.clear();
        Await.until("no decoder is left", TIMEOUT, () -> registry.decoders().isEmpty());
    }

    private Bundle install(File jar) throws Exception {
        Bundle b = context.installBundle(jar.toURI().toString());
        installed.add(b);
        b.start();
        return b;
    }

    private String activeBoxDecoder() {
        return registry.active("box").map(DecoderInfo::decoder).orElse("(none)");
    }

    private void awaitActive(String decoder) throws InterruptedException {
        Await.until("unit box is served by " + decoder, TIMEOUT, () -> activeBoxDecoder().equals(decoder));
    }

    /** Decodes two queries (the second masked out) for a 200x100 image with whatever serves "box". */
    private List<DecodedUnit> decodeTwoQueries() {
        VisualUnitDecoder decoder = registry.resolve("box");
        try (NDManager m = tensors.newManager("decode-test")) {
            float[] q = new float[2 * 64];
            for (int i = 0; i < q.length; i++) {
                q[i] = (i % 5) * 0.3f - 0.6f;
            }
            DecoderInput input = new DecoderInput(
                    m.create(q, new Shape(1, 2, 64)),
                    m.create(new boolean[] {true, false}, new Shape(1, 2)),
                    Map.of(), List.of(new ImageFrame(200, 100)));
            List<List<DecodedUnit>> out = decoder.decode(input);
            assertEquals(1, out.size());
            return out.get(0);
        }
    }

    @Test
    public void installedDecoderIsTrackedUntilItStops() throws Exception {
        assertEquals("(none)", activeBoxDecoder());
        Bundle alpha = install(PlatformOptions.alphaJar());
        awaitActive("alpha-box");

        DecoderInfo info = registry.active("box").orElseThrow();
        assertEquals(alpha.getBundleId(), info.bundleId());
        assertEquals("org.refvlm.it.decoder.box.alpha", info.bundleName());
        assertEquals("ACTIVE", info.bundleState());
        assertEquals(10, info.ranking());
        assertTrue(registry.units().contains("box"));

        List<DecodedUnit> boxes = decodeTwoQueries();
        assertEquals("one result per real query", 1, boxes.size());
        BoxUnit box = (BoxUnit) boxes.get(0);
        assertTrue(box.toString(), box.x1() > box.x0() && box.y1() > box.y0() && box.x1() <= 400);

        alpha.stop();
        Await.until("alpha-box leaves", TIMEOUT, () -> registry.decoders().isEmpty());
        NoDecoderException e = assertThrows(NoDecoderException.class, () -> registry.resolve("box"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("no decoder installed for unit 'box'"));

        alpha.start();
        awaitActive("alpha-box");
        alpha.uninstall();
        Await.until("alpha-box is uninstalled", TIMEOUT, () -> registry.decoders().isEmpty());
        assertThrows(NoDecoderException.class, () -> registry.resolve("box"));
    }

    @Test
    public void higherRankingTakesOverAndFallsBack() throws Exception {
        Bundle alpha = install(PlatformOptions.alphaJar());
        awaitActive("alpha-box");
        List<DecodedUnit> fromAlpha = decodeTwoQueries();

        Bundle beta = install(PlatformOptions.betaJar());
        awaitActive("beta-box");
        List<DecodedUnit> fromBeta = decodeTwoQueries();
        assertNotEquals("beta must really serve the request", fromAlpha, fromBeta);
        assertEquals(List.of("beta-box", "alpha-box"),
                registry.decoders().stream().map(DecoderInfo::decoder).toList());

        beta.uninstall();
        awaitActive("alpha-box");
        assertEquals(fromAlpha, decodeTwoQueries());
        assertEquals("alpha was never restarted", Bundle.ACTIVE, alpha.getState());
    }

    @Test
    public void pinOverridesRankingAndPersistsInConfigurationAdmin() throws Exception {
        Bundle alpha = install(PlatformOptions.alphaJar());
        install(PlatformOptions.betaJar());
        awaitActive("beta-box");

        registry.pin("box", "alpha-box");
        assertEquals("alpha-box", activeBoxDecoder());
        assertTrue(registry.active("box").orElseThrow().pinned());
        Dictionary<String, Object> props = configAdmin.getConfiguration("org.refvlm.decoders", "?").getProperties();
        assertNotNull("pins are not in Configuration Admin", props);
        assertArrayEquals(new String[] {"box=alpha-box"}, (String[]) props.get("pins"));

        // The pinned decoder leaves: ranking decides until it comes back, and the pin waits.
        alpha.stop();
        awaitActive("beta-box");
        assertEquals(Map.of("box", "alpha-box"), registry.pins());
        alpha.start();
        awaitActive("alpha-box");

        assertTrue(registry.unpin("box"));
        assertEquals("beta-box", activeBoxDecoder());
        assertFalse(registry.unpin("box"));
        assertArrayEquals(new String[0],
                (String[]) configAdmin.getConfiguration("org.refvlm.decoders", "?").getProperties().get("pins"));
    }

    @Test
    public void pinningAnUnknownDecoderIsRefused() throws Exception {
        install(PlatformOptions.alphaJar());
        awaitActive("alpha-box");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.pin("box", "nope"));
        assertTrue(e.getMessage(), e.getMessage().contains("no running decoder named 'nope' for unit 'box'"));
        assertEquals(Map.of(), registry.pins());
    }

    @Test
    public void updatingADecoderBundleKeepsItServing() throws Exception {
        Bundle alpha = install(PlatformOptions.alphaJar());
        awaitActive("alpha-box");
        long before = registry.active("box").orElseThrow().serviceId();
        alpha.update();
        Await.until("alpha-box is back after update", TIMEOUT,
                () -> registry.active("box").map(d -> d.serviceId() != before).orElse(false));
        assertEquals(alpha.getBundleId(), registry.active("box").orElseThrow().bundleId());
    }

    @Test
    public void deployFolderInstallsAndUninstalls() throws Exception {
        Path deploy = Path.of(context.getProperty("felix.fileinstall.dir"));
        Path jar = deploy.resolve("alpha-box.jar");
        Files.copy(PlatformOptions.alphaJar().toPath(), jar, StandardCopyOption.REPLACE_EXISTING);
        Optional<Bundle> b;
        try {
            awaitActive("alpha-box");
            b = List.of(context.getBundles()).stream()
                    .filter(x -> x.getLocation().endsWith("alpha-box.jar")).findFirst();
            assertTrue("FileInstall did not install the jar", b.isPresent());
        } finally {
            Files.delete(jar); // FileInstall owns this bundle: deleting the jar is how it goes
        }
        Await.until("deleting the jar uninstalls the decoder", TIMEOUT, () -> registry.decoders().isEmpty());
        Await.until("deleting the jar uninstalls the bundle", TIMEOUT, () -> b.get().getState() == Bundle.UNINSTALLED);
    }
}
