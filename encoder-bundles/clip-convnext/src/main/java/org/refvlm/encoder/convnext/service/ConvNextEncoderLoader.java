package org.refvlm.encoder.convnext.service;

import java.nio.file.Path;
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
import org.refvlm.encoder.HalfPrecisionEncoder;
import org.refvlm.encoder.VisionEncoder;
import org.refvlm.spi.support.ServiceRegistrations;
import org.refvlm.tensor.TensorRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the configured ConvNeXt encoder ({@code org.refvlm.encoder.convnext}) and registers it as a {@link VisionEncoder} with
 * {@code refvlm.encoder=clip-convnext}, only if its weights load.
 */
@Component(immediate = true, configurationPid = "org.refvlm.encoder.convnext", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ConvNextConfig.class)
public final class ConvNextEncoderLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConvNextEncoderLoader.class);

    @Reference
    private TensorRuntime runtime;

    private VisionEncoder encoder;
    private Optional<ServiceRegistration<VisionEncoder>> registration = Optional.empty();

    @Activate
    void activate(BundleContext context, ConvNextConfig config) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(VisionEncoder.NAME, "clip-convnext");
        props.put("refvlm.path", config.path());   // lets a model switch tell this service from the one before
        Path folder = Path.of(config.path());
        registration = ServiceRegistrations.registerWhenLoaded(context, VisionEncoder.class,
                () -> encoder = HalfPrecisionEncoder.of(org.refvlm.encoder.convnext.ConvNextModels.load(folder, runtime.device()),
                        HalfPrecisionEncoder.computeType(config.dtype())), props, LOG, "ConvNeXt encoder from " + folder);
    }

    @Deactivate
    void deactivate() {
        registration.ifPresent(ServiceRegistration::unregister);
        if (encoder != null) {
            encoder.close();
        }
    }
}
