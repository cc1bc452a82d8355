package org.refvlm.it.dotmask;

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
import org.refvlm.spi.support.ServedDecoderFolder;
import org.refvlm.tensor.TensorRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a trained dotmask decoder folder for unit {@code mask}: one instance per factory
 * configuration of PID {@code org.refvlm.decoder.dotmask} (what {@code train --serve} and a
 * {@code deploy/org.refvlm.decoder.dotmask-NAME.cfg} file create). The decoder service is
 * registered only if the folder loads, and withdrawn when the configuration goes.
 */
@Component(immediate = true, configurationPid = "org.refvlm.decoder." + DotMaskDecoder.KIND,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DotMaskDecoderLoader.Config.class, factory = true)
public final class DotMaskDecoderLoader {

    private static final Logger LOG = LoggerFactory.getLogger(DotMaskDecoderLoader.class);

    @ObjectClassDefinition(name = "refvlm dotmask mask decoder",
            description = "A trained dotmask decoder folder (config.json and model.safetensors) to serve unit mask.")
    @interface Config {

        @AttributeDefinition(description = "Decoder folder, as the trainer writes it.")
        String path();

        @AttributeDefinition(description = "Decoder name, as refvlm:decoders and refvlm:pin show it.")
        String name() default DotMaskDecoder.KIND;

        @AttributeDefinition(description = "service.ranking: the highest ranking serves the unit unless a pin says otherwise.")
        int ranking() default 0;
    }

    @Reference
    private TensorRuntime runtime;

    private ServedDecoderFolder served;

    @Activate
    void activate(BundleContext context, Config config) {
        served = ServedDecoderFolder.serve(context, runtime, MaskUnit.UNIT, config.name(), config.ranking(),
                config.path(), DotMaskDecoder::loadFolder, LOG, "dotmask decoder");
    }

    @Deactivate
    void deactivate() throws Exception {
        served.close();
    }
}
