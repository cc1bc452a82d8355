package org.refvlm.llm.internal;

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
import org.osgi.service.metatype.annotations.Designate;
import org.refvlm.api.model.LanguageModel;
import org.refvlm.spi.support.ServiceRegistrations;
import org.refvlm.tensor.TensorRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the configured LLaMA checkpoint ({@code org.refvlm.llm}) and registers it as the
 * {@link LanguageModel} service with {@code refvlm.model=<name>}, only if it loads.
 */
@Component(immediate = true, configurationPid = "org.refvlm.llm", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = LanguageModelConfig.class)
public final class LanguageModelLoader {

    private static final Logger LOG = LoggerFactory.getLogger(LanguageModelLoader.class);

    @Reference
    private TensorRuntime runtime;

    private LlamaLanguageModel model;
    private Optional<ServiceRegistration<LanguageModel>> registration = Optional.empty();

    @Activate
    void activate(BundleContext context, LanguageModelConfig config) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(LanguageModel.NAME, config.name());
        props.put("refvlm.path", config.path());   // lets a model switch tell this service from the one before
        registration = ServiceRegistrations.registerWhenLoaded(context, LanguageModel.class,
                () -> model = new LlamaLanguageModel(runtime, config), props, LOG,
                "language model from " + config.path());
    }

    @Deactivate
    void deactivate() {
        registration.ifPresent(ServiceRegistration::unregister);
        if (model != null) {
            model.close();
        }
    }
}
