package org.refvlm.core.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.refvlm.api.RefVlm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a model folder the platform's model through Configuration Admin, the way an administrator
 * would: the language model, encoders and pipeline configurations point at its parts, and each of
 * its decoder folders gets a factory configuration of its kind's loader (marked as the model's,
 * so the next model's decoders replace them). The configurations persist across restarts.
 */
public final class ModelActivation {

    /**
     * System property naming the model folder commands use when none is given and none is
     * configured: the launcher sets it to the checkout's {@code models/shapes-tiny/model}.
     */
    public static final String DEFAULT_MODEL = "refvlm.defaultModel";

    private static final Logger LOG = LoggerFactory.getLogger(ModelActivation.class);

    /** Property marking the decoder configurations a model folder created. */
    public static final String MODEL_DECODER = "refvlm.model.decoder";

    private final ConfigurationAdmin configAdmin;

    public ModelActivation(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    /** @throws IllegalArgumentException when {@code dir} is not a model folder */
    public void use(Path dir) throws IOException {
        dir = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("llm")) || !Files.isDirectory(dir.resolve("clip-vit"))
                || !Files.isRegularFile(dir.resolve("projector.safetensors"))) {
            throw new IllegalArgumentException(dir + " is not a model folder: it needs llm/, clip-vit/ and projector.safetensors");
        }
        Optional<ModelFolder> model = ModelFolder.read(dir);
        String name = model.map(ModelFolder::name).orElse(dir.getFileName().toString());
        configure("org.refvlm.llm", props("path", dir.resolve("llm").toString(), "name", name));
        configure("org.refvlm.encoder.clipvit", props("path", dir.resolve("clip-vit").toString()));
        if (Files.isDirectory(dir.resolve("convnext"))) {
            configure("org.refvlm.encoder.convnext", props("path", dir.resolve("convnext").toString()));
        } else {
            configAdmin.getConfiguration("org.refvlm.encoder.convnext", "?").delete();
        }
        Dictionary<String, Object> pipeline = props("projector", dir.resolve("projector.safetensors").toString());
        PipelineSettings defaults = PipelineSettings.defaults();
        pipeline.put("template", model.map(ModelFolder::template).orElse(defaults.template()));
        pipeline.put("pyramidSide", model.map(ModelFolder::pyramidSide).orElse(defaults.pyramidSide()));
        pipeline.put("gridSide", model.map(ModelFolder::gridSide).orElse(defaults.gridSide()));
        pipeline.put("temperature", model.map(ModelFolder::temperature).orElse(defaults.temperature()));
        pipeline.put("imageTokens", model.map(ModelFolder::imageTokens).orElse(defaults.imageTokens()));
        pipeline.put("lookAgain", model.map(ModelFolder::looksAgain).orElse(false));
        Preprocessing preprocessing = model.map(ModelFolder::preprocessing).orElse(defaults.preprocessing());
        pipeline.put("placement", preprocessing.placement());
        pipeline.put("resize", preprocessing.resize());
        pipeline.put("bos", preprocessing.bos());
        // Serving settings belong to the platform, not the model: a model switch keeps them.
        Dictionary<String, Object> before = configAdmin.getConfiguration("org.refvlm.pipeline", "?").getProperties();
        for (String serving : SERVING_SETTINGS) {
            Object value = before == null ? null : before.get(serving);
            if (value != null) {
                pipeline.put(serving, value);
            }
        }
        configure("org.refvlm.pipeline", pipeline);

        Set<String> kept = new HashSet<>();
        for (ModelFolder.Decoder d : model.map(ModelFolder::decoders).orElse(java.util.List.of())) {
            Configuration c = configAdmin.getFactoryConfiguration(ModelFolder.loaderPid(d.kind()), "model-" + d.unit(), "?");
            Dictionary<String, Object> p = props("path", dir.resolve(d.path()).toString(), "name", d.kind(),
                    MODEL_DECODER, "true");
            p.put("ranking", d.serviceRanking());
            c.updateIfDifferent(p);
            kept.add(c.getPid());
        }
        try {
            Configuration[] old = configAdmin.listConfigurations("(" + MODEL_DECODER + "=true)");
            for (Configuration c : old == null ? new Configuration[0] : old) {
                if (!kept.contains(c.getPid())) {
                    c.delete();
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes {@code dir} the platform's model or, without one, the default model if none is
     * configured ({@code announce} hears which).
     *
     * @return the folder switched to, for {@link #await(BundleContext, Duration, Path)}; empty when the
     *         configured model stays
     */
    public Optional<Path> useOrDefault(Path dir, java.util.function.Consumer<Path> announce) throws IOException {
        if (dir != null) {
            use(dir);
            return Optional.of(dir);
        }
        Optional<Path> fallback = useDefaultIfNone();
        fallback.ifPresent(announce);
        return fallback;
    }

    /**
     * Uses the default model ({@value #DEFAULT_MODEL}) if the platform has no model configured.
     *
     * @return the folder now in use, if the default was applied
     */
    public Optional<Path> useDefaultIfNone() throws IOException {
        String configured = System.getProperty(DEFAULT_MODEL, "");
        if (configured.isBlank()) {
            return Optional.empty();
        }
        try {
            Configuration[] existing = configAdmin.listConfigurations("(service.pid=org.refvlm.pipeline)");
            if (existing != null && existing.length > 0) {
                return Optional.empty();
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path dir = Path.of(configured);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no model is configured and the default model " + dir
                    + " does not exist: give --model DIR");
        }
        use(dir);
        return Optional.of(dir);
    }

    /**
     * The service property holding the folder (or, for the pipeline, the projector file) a model
     * part was loaded from: after a switch, the parts of the model before are still registered for a
     * moment, and a request sent to them fails as they close.
     */
    public static final String PATH = "refvlm.path";

    /**
     * The {@link RefVlm} service of the model in {@code dir}, waiting up to {@code timeout} for the
     * switch {@link #use} started to finish: the language model and encoders registered from
     * {@code dir}'s parts, and a pipeline registered after them, with {@code dir}'s projector. Any
     * earlier pipeline is built on parts that are going away.
     *
     * @throws IllegalStateException when the model's pipeline does not appear in time
     */
    public static RefVlm await(BundleContext context, Duration timeout, Path dir) throws InterruptedException {
        if (dir == null) {
            return await(context, timeout);
        }
        Path model = dir.toAbsolutePath().normalize();
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                long llm = partId(context, org.refvlm.api.model.LanguageModel.class, null, model.resolve("llm"));
                long vit = partId(context, org.refvlm.encoder.VisionEncoder.class, "(refvlm.encoder=clip-vit)",
                        model.resolve("clip-vit"));
                long convnext = Files.isDirectory(model.resolve("convnext"))
                        ? partId(context, org.refvlm.encoder.VisionEncoder.class, "(refvlm.encoder=clip-convnext)",
                                model.resolve("convnext"))
                        : 0;
                boolean partsUp = llm >= 0 && vit >= 0 && convnext >= 0;
                long newestPart = Math.max(llm, Math.max(vit, convnext));
                String projector = model.resolve("projector.safetensors").toString();
                if (partsUp) {
                    for (ServiceReference<RefVlm> ref : context.getServiceReferences(RefVlm.class, null)) {
                        long id = (Long) ref.getProperty(org.osgi.framework.Constants.SERVICE_ID);
                        if (id > newestPart && projector.equals(ref.getProperty(PATH))) {
                            RefVlm service = context.getService(ref);
                            if (service != null) {
                                awaitDecoders(context, ref, end);
                                return service;
                            }
                        }
                    }
                }
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the model in " + dir + " did not load in " + timeout.toSeconds()
                        + " s: see var/refvlm.log for why");
            }
            Thread.sleep(100);
        }
    }

    /** The service id of the part loaded from {@code folder}, or -1 while there is none. */
    private static <S> long partId(BundleContext context, Class<S> type, String filter, Path folder)
            throws InvalidSyntaxException {
        long found = -1;
        java.util.Collection<ServiceReference<S>> refs = context.getServiceReferences(type, filter);
        for (ServiceReference<S> ref : refs) {
            if (folder.toString().equals(ref.getProperty(PATH))) {
                found = Math.max(found, (Long) ref.getProperty(org.osgi.framework.Constants.SERVICE_ID));
            }
        }
        return found;
    }

    /**
     * The running {@link RefVlm} service, waiting up to {@code timeout} for it to (re)load.
     *
     * @throws IllegalStateException when none appears in time
     */
    public static RefVlm await(BundleContext context, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            ServiceReference<RefVlm> ref = context.getServiceReference(RefVlm.class);
            if (ref != null) {
                RefVlm service = context.getService(ref);
                if (service != null) {
                    awaitDecoders(context, ref, end);
                    return service;
                }
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("no model is loaded: give --model DIR, or see var/refvlm.log for why "
                        + "the configured one did not load");
            }
            Thread.sleep(100);
        }
    }

    /**
     * Sets how many concurrent greedy generations run as one batch (1: none); kept across model
     * switches. The pipeline reloads with it.
     *
     * @return whether the setting changed (and the pipeline reloads)
     * @throws IllegalStateException when no model is configured yet
     */
    public boolean generationBatch(int rows) throws IOException {
        new GenerationBatching(rows, Duration.ZERO);   // checks rows
        Configuration pipeline = configAdmin.getConfiguration("org.refvlm.pipeline", "?");
        Dictionary<String, Object> p = pipeline.getProperties();
        if (p == null) {
            throw new IllegalStateException("no model is configured: load one before setting the generation batch");
        }
        p.put("generationBatch", rows);
        return pipeline.updateIfDifferent(p);
    }

    /** Settings of the pipeline's configuration that are not the model's. */
    private static final java.util.List<String> SERVING_SETTINGS = java.util.List.of("generationBatch",
            "generationBatchWindowMillis");

    private void configure(String pid, Dictionary<String, Object> props) throws IOException {
        configAdmin.getConfiguration(pid, "?").updateIfDifferent(props);
    }

    private static Dictionary<String, Object> props(String... kv) {
        Dictionary<String, Object> p = new Hashtable<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    /**
     * Waits, until {@code end} at the latest, for the loaders of the decoders of the model whose
     * pipeline {@code ref} is ({@link DecoderLoaders}). A decoder still loading then is logged and
     * not waited for: its groups fail on their own, the rest of an answer does not.
     */
    private static void awaitDecoders(BundleContext context, ServiceReference<RefVlm> ref, long end)
            throws InterruptedException {
        Object projector = ref.getProperty(PATH);
        ServiceReference<ServiceComponentRuntime> scrRef = context.getServiceReference(ServiceComponentRuntime.class);
        if (projector == null || scrRef == null) {
            return;
        }
        Path model = Path.of(projector.toString()).toAbsolutePath().normalize().getParent();
        List<ModelFolder.Decoder> decoders;
        try {
            decoders = ModelFolder.read(model).map(ModelFolder::decoders).orElse(List.of());
        } catch (IOException | RuntimeException e) {
            return;                                              // the pipeline's own loading reported it
        }
        ServiceComponentRuntime scr = context.getService(scrRef);
        if (scr == null) {
            return;
        }
        try {
            while (true) {
                List<String> pending = DecoderLoaders.pending(decoders, model, scr.getComponentDescriptionDTOs(),
                        scr::getComponentConfigurationDTOs);
                if (pending.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > end) {
                    LOG.warn("decoders of {} still loading, not waited for: {}", model, pending);
                    return;
                }
                Thread.sleep(50);
            }
        } finally {
            context.ungetService(scrRef);
        }
    }
}
