package org.refvlm.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
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
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.refvlm.api.model.Generation;
import org.refvlm.api.model.GenerationOptions;
import org.refvlm.api.model.LanguageModel;
import org.refvlm.encoder.VisionEncoder;
import org.refvlm.tensor.TensorRuntime;

/**
 * Models become services only when configured with weights that load: the LLaMA language model
 * and both vision encoders, configured through Configuration Admin while the framework runs.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class) // DJL natives bind to one class loader per JVM: one framework per class
public class ModelServicesIT {

    private static final long TIMEOUT = 30_000;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private TensorRuntime tensors;

    @Inject
    private ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() throws Exception {
        return PlatformOptions.platform("models");
    }

    private static Path fixture(String name) {
        return Path.of(PlatformOptions.required("refvlm.it.fixtures")).resolve(name);
    }

    private void configure(String pid, String key, String value) throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(key, value);
        configAdmin.getConfiguration(pid, "?").update(props);
    }

    /**
     * Deletes the configurations and waits until their services are gone: Config Admin delivers a
     * deletion on its own thread, so without the wait a model of one test could still be registered
     * when the next test starts (it was, once: brokenCheckpointRegistersNothing after the language
     * model test).
     */
    @After
    public void removeConfigurations() throws Exception {
        for (String pid : List.of("org.refvlm.llm", "org.refvlm.encoder.clipvit", "org.refvlm.encoder.convnext")) {
            configAdmin.getConfiguration(pid, "?").delete();
        }
        awaitGone(LanguageModel.class);
        awaitGone(VisionEncoder.class);
    }

    private void awaitGone(Class<?> type) throws Exception {
        long end = System.currentTimeMillis() + TIMEOUT;
        while (context.getServiceReference(type) != null) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError(type.getSimpleName() + " still registered " + TIMEOUT
                        + " ms after its configuration was deleted");
            }
            Thread.sleep(50);
        }
    }

    private <T> T await(Class<T> type, String filter) throws Exception {
        long end = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < end) {
            var refs = context.getServiceReferences(type, filter);
            if (!refs.isEmpty()) {
                return context.getService(refs.iterator().next());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + type.getSimpleName() + " service " + filter + " after " + TIMEOUT + " ms");
    }

    @Test
    public void nothingIsRegisteredWithoutConfiguration() {
        assertNull(context.getServiceReference(LanguageModel.class));
        assertNull(context.getServiceReference(VisionEncoder.class));
    }

    @Test
    public void encodersRegisterOnceConfigured() throws Exception {
        configure("org.refvlm.encoder.clipvit", "path", fixture("clip-vit-tiny").toString());
        configure("org.refvlm.encoder.convnext", "path", fixture("convnext-tiny").toString());
        VisionEncoder vit = await(VisionEncoder.class, "(refvlm.encoder=clip-vit)");
        VisionEncoder convnext = await(VisionEncoder.class, "(refvlm.encoder=clip-convnext)");
        try (NDManager m = tensors.newManager("encoders")) {
            List<NDArray> pyramid = convnext.features(m.randomNormal(new Shape(1, 3, 64, 64)), m);
            assertEquals("four stage maps", 4, pyramid.size());
            assertTrue(vit.features(m.randomNormal(new Shape(1, 3, 32, 32)), m).size() >= 1);
        }
        assertTrue("encoders are frozen unless a recipe unfreezes them", !vit.isTrainable() && !convnext.isTrainable());
    }

    @Test
    public void brokenCheckpointRegistersNothing() throws Exception {
        String path = Path.of(PlatformOptions.required("refvlm.it.work"), "no-such-model").toString();
        configure("org.refvlm.llm", "path", path);
        LoaderRuns.awaitActive(scr, "org.refvlm.llm.internal.LanguageModelLoader", "path", path, TIMEOUT);
        assertNull("a language model that did not load must not be registered", context.getServiceReference(LanguageModel.class));
    }

    /** Token j is reported with the state computed with token j as input; a final stop token has none. */
    @Test
    public void languageModelGeneratesAndReportsEveryTokensState() throws Exception {
        Path folder = Files.createDirectories(PlatformOptions.workDir("models").resolve("llama-with-tokenizer"));
        for (String f : List.of("config.json", "model.safetensors")) {
            Files.copy(fixture("llama-tiny").resolve(f), folder.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(fixture("llama-bpe-tokenizer").resolve("tokenizer.json"), folder.resolve("tokenizer.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        configure("org.refvlm.llm", "path", folder.toString());
        LanguageModel lm = await(LanguageModel.class, null);
        ServiceReference<LanguageModel> ref = context.getServiceReference(LanguageModel.class);
        assertNotNull(ref);
        try (NDManager m = tensors.newManager("generate")) {
            int[] ids = lm.encode("a dog <Phrase>");
            assertTrue(ids.length > 1);
            NDArray embeds = lm.embed(m.create(ids));
            assertEquals(new Shape(ids.length, lm.hiddenSize()), embeds.getShape());
            List<Integer> seen = new ArrayList<>();
            List<Boolean> hasState = new ArrayList<>();
            Generation g = lm.generate(embeds, GenerationOptions.greedy(6), (position, token, text, hidden) -> {
                assertEquals("tokens are reported in order", seen.size(), position);
                seen.add(token);
                hasState.add(hidden != null);
                if (hidden != null) {
                    assertEquals(new Shape(lm.hiddenSize()), hidden.getShape());
                }
            });
            assertEquals(g.tokenIds().length, seen.size());
            for (int i = 0; i < seen.size(); i++) {
                assertEquals((int) seen.get(i), g.tokenIds()[i]);
                boolean finalStop = i == seen.size() - 1 && g.stopReason() == Generation.StopReason.STOP_TOKEN;
                assertEquals("state of token " + i, !finalStop, hasState.get(i));
            }
        }
    }
}
