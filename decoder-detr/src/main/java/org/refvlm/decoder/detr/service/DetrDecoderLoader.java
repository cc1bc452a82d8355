package org.refvlm.decoder.detr.service;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.refvlm.api.BoxUnit;
import org.refvlm.decoder.detr.DetrBoxDecoder;
import org.refvlm.spi.ServiceRegistrations;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.tensor.TensorRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a trained DETR decoder folder ({@code org.refvlm.decoder.detr}, a factory configuration
 * so several can run side by side) as a {@link VisualUnitDecoder} for unit {@code box}, only if
 * its configuration and weights load.
 */
@Component(immediate = true, configurationPid = "org.refvlm.decoder.detr", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DetrLoaderConfig.class, factory = true)
public final class DetrDecoderLoader {

    private static final Logger LOG = LoggerFactory.getLogger(DetrDecoderLoader.class);

    @Reference
    private TensorRuntime runtime;

    private NDManager manager;
    private DetrBoxDecoder decoder;
    private Optional<ServiceRegistration<VisualUnitDecoder>> registration = Optional.empty();

    @Activate
    void activate(BundleContext context, DetrLoaderConfig config) {
        manager = runtime.newManager("detr-" + config.name());
        registration = ServiceRegistrations.registerDecoderWhenLoaded(context, BoxUnit.UNIT, config.name(),
                config.ranking(), () -> decoder = DetrBoxDecoder.loadFolder(Path.of(config.path()), manager), LOG,
                "DETR box decoder from " + config.path());
    }

    @Deactivate
    void deactivate() {
        registration.ifPresent(ServiceRegistration::unregister);
        if (decoder != null) {
            decoder.close();
        }
        manager.close();
    }
}
