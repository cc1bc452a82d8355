package org.refvlm.decoder.maskformer.service;

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
import org.refvlm.api.MaskUnit;
import org.refvlm.decoder.maskformer.MaskFormerDecoder;
import org.refvlm.spi.ServiceRegistrations;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.tensor.TensorRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a trained MaskFormer decoder folder ({@code org.refvlm.decoder.maskformer}, a factory configuration
 * so several can run side by side) as a {@link VisualUnitDecoder} for unit {@code mask}, only if
 * its configuration and weights load.
 */
@Component(immediate = true, configurationPid = "org.refvlm.decoder.maskformer", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MaskFormerLoaderConfig.class, factory = true)
public final class MaskFormerDecoderLoader {

    private static final Logger LOG = LoggerFactory.getLogger(MaskFormerDecoderLoader.class);

    @Reference
    private TensorRuntime runtime;

    private NDManager manager;
    private MaskFormerDecoder decoder;
    private Optional<ServiceRegistration<VisualUnitDecoder>> registration = Optional.empty();

    @Activate
    void activate(BundleContext context, MaskFormerLoaderConfig config) {
        manager = runtime.newManager("maskformer-" + config.name());
        registration = ServiceRegistrations.registerDecoderWhenLoaded(context, MaskUnit.UNIT, config.name(),
                config.ranking(), () -> decoder = MaskFormerDecoder.loadFolder(Path.of(config.path()), manager), LOG,
                "MaskFormer mask decoder from " + config.path());
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
