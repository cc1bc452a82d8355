package org.refvlm.core.internal.pipeline;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.RefVlm;
import org.refvlm.api.model.LanguageModel;
import org.refvlm.core.vision.Projector;
import org.refvlm.core.pipeline.LookAgain;
import org.refvlm.core.pipeline.GenerationBatching;
import org.refvlm.core.pipeline.ModelActivation;
import org.refvlm.core.pipeline.PipelineSettings;
import org.refvlm.core.pipeline.Preprocessing;
import org.refvlm.core.pipeline.RequestPipeline;
import org.refvlm.encoder.VisionEncoder;
import org.refvlm.spi.support.ServiceRegistrations;
import org.refvlm.tensor.TensorRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins the language model, the CLIP ViT (and, when there is one, the pyramid encoder) and the
 * configured projector into the {@link RefVlm} service, registered once the projector loads.
 * The references are static: when a model service is replaced, the pipeline is rebuilt.
 */
@Component(immediate = true, configurationPid = "org.refvlm.pipeline", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PipelineConfig.class)
public final class RefVlmLoader {

    private static final Logger LOG = LoggerFactory.getLogger(RefVlmLoader.class);

    @Reference
    private LanguageModel model;

    @Reference(target = "(refvlm.encoder=clip-vit)")
    private VisionEncoder vit;

    @Reference(target = "(refvlm.encoder=clip-convnext)", cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY)
    private VisionEncoder pyramid;

    @Reference
    private DecoderRegistry registry;

    @Reference
    private TensorRuntime tensors;

    private NDManager manager;
    private Optional<ServiceRegistration<RefVlm>> registration = Optional.empty();

    @Activate
    void activate(BundleContext context, PipelineConfig config) {
        manager = tensors.newManager("pipeline");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(LanguageModel.NAME, model.name());
        props.put(ModelActivation.PATH, config.projector());
        registration = ServiceRegistrations.registerWhenLoaded(context, RefVlm.class, () -> {
            Projector projector = loadProjector(Path.of(config.projector()));
            PipelineSettings settings = new PipelineSettings(config.template(), config.pyramidSide(), 10, 4, config.gridSide(),
                    config.temperature(), new Preprocessing(config.placement(), config.resize(), config.bos()),
                    config.imageTokens());
            GenerationBatching batching = new GenerationBatching(config.generationBatch(),
                    Duration.ofMillis(config.generationBatchWindowMillis()));
            RefVlm pipeline = new RequestPipeline(model, vit, Optional.ofNullable(pyramid), projector, registry, tensors,
                    settings, batching);
            return config.lookAgain() ? new LookAgain(pipeline) : pipeline;
        }, props, LOG, "request pipeline with projector " + config.projector());
    }

    private Projector loadProjector(Path file) throws IOException {
        Projector p = Projector.read(file, manager);
        if (p.textDim() != model.hiddenSize()) {
            throw new IOException("the projector maps to " + p.textDim() + " but the language model is "
                    + model.hiddenSize() + " wide");
        }
        if (p.tokensPerCell() > 1) {
            LOG.info("projector {}: every image cell becomes {} language-model tokens", file, p.tokensPerCell());
        }
        return p;
    }

    @Deactivate
    void deactivate() {
        registration.ifPresent(ServiceRegistration::unregister);
        manager.close();
    }
}
