package org.refvlm.encoder.clipvit.service;

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
 * Loads the configured CLIP ViT encoder ({@code org.refvlm.encoder.clipvit}) and registers it as a {@link VisionEncoder} with
 * {@code refvlm.encoder=clip-vit}, only if its weights load.
 */
@Component(immediate = true, configurationPid = "org.refvlm.encoder.clipvit", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ClipVitConfig.class)
public final class ClipVitEncoderLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ClipVitEncoderLoader.class);

    @Reference
    private TensorRuntime runtime;

    private VisionEncoder encoder;
    private Optional<ServiceRegistration<VisionEncoder>> registration = Optional.empty();

    @Activate
    void activate(BundleContext context, ClipVitConfig config) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(VisionEncoder.NAME, "clip-vit");
        props.put("refvlm.path", config.path());   // lets a model switch tell this service from the one before
        Path folder = Path.of(config.path());
        registration = ServiceRegistrations.registerWhenLoaded(context, VisionEncoder.class,
                () -> encoder = HalfPrecisionEncoder.of(org.refvlm.encoder.clipvit.ClipVisionModels.load(folder,
                        runtime.device(), config.selectLayer(), config.dropCls()),
                        HalfPrecisionEncoder.computeType(config.dtype())), props, LOG, "CLIP ViT encoder from " + folder);
    }

    @Deactivate
    void deactivate() {
        registration.ifPresent(ServiceRegistration::unregister);
        if (encoder != null) {
            encoder.close();
        }
    }
}
