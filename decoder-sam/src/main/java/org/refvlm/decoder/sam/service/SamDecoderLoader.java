package org.refvlm.decoder.sam.service;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.refvlm.api.MaskUnit;
import org.refvlm.decoder.sam.SamDecoder;
import org.refvlm.spi.support.ServedDecoderFolder;
import org.refvlm.tensor.TensorRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a trained SAM decoder folder for unit {@code mask}: one instance per factory
 * configuration of PID {@code org.refvlm.decoder.sam} ({@code train --serve} or a
 * {@code deploy/org.refvlm.decoder.sam-NAME.cfg} file). The decoder service is registered only
 * once the folder has loaded, and withdrawn when the configuration goes.
 */
@Component(immediate = true, configurationPid = "org.refvlm.decoder." + SamDecoder.KIND,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SamDecoderLoader.Config.class, factory = true)
public final class SamDecoderLoader {

    private static final Logger LOG = LoggerFactory.getLogger(SamDecoderLoader.class);

    @ObjectClassDefinition(name = "refvlm SAM mask decoder",
            description = "A trained SAM decoder folder (config.json and model.safetensors) to serve unit mask.")
    @interface Config {

        @AttributeDefinition(description = "Decoder folder, as the trainer writes it.")
        String path();

        @AttributeDefinition(description = "Decoder name, as refvlm:decoders and refvlm:pin show it.")
        String name() default SamDecoder.KIND;

        @AttributeDefinition(description = "service.ranking: the highest ranking serves the unit unless a pin says otherwise.")
        int ranking() default 0;
    }

    @Reference
    private TensorRuntime runtime;

    private ServedDecoderFolder served;

    @Activate
    void activate(BundleContext context, Config config) {
        served = ServedDecoderFolder.serve(context, runtime, MaskUnit.UNIT, config.name(), config.ranking(),
                config.path(), SamDecoder::loadFolder, LOG, "SAM mask decoder");
    }

    @Deactivate
    void deactivate() throws Exception {
        served.close();
    }
}
