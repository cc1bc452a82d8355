package org.refvlm.decoder.groundingdino.service;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.refvlm.api.BoxUnit;
import org.refvlm.decoder.groundingdino.GroundingDinoBoxDecoder;
import org.refvlm.spi.support.ServedDecoderFolder;
import org.refvlm.tensor.TensorRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a trained Grounding DINO decoder folder for unit {@code box}: one instance per factory
 * configuration of PID {@code org.refvlm.decoder.groundingdino} (what {@code train --serve} and a
 * {@code deploy/org.refvlm.decoder.groundingdino-NAME.cfg} file create). The decoder service is
 * registered only once the folder has loaded, and withdrawn when the configuration goes.
 */
@Component(immediate = true, configurationPid = "org.refvlm.decoder." + GroundingDinoBoxDecoder.KIND,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = GroundingDinoDecoderLoader.Config.class, factory = true)
public final class GroundingDinoDecoderLoader {

    private static final Logger LOG = LoggerFactory.getLogger(GroundingDinoDecoderLoader.class);

    @ObjectClassDefinition(name = "refvlm Grounding DINO box decoder",
            description = "A trained Grounding DINO decoder folder (config.json and model.safetensors) to serve unit box.")
    @interface Config {

        @AttributeDefinition(description = "Decoder folder, as the trainer writes it.")
        String path();

        @AttributeDefinition(description = "Decoder name, as refvlm:decoders and refvlm:pin show it.")
        String name() default GroundingDinoBoxDecoder.KIND;

        @AttributeDefinition(description = "service.ranking: the highest ranking serves the unit unless a pin says otherwise.")
        int ranking() default 0;
    }

    @Reference
    private TensorRuntime runtime;

    private ServedDecoderFolder served;

    @Activate
    void activate(BundleContext context, Config config) {
        served = ServedDecoderFolder.serve(context, runtime, BoxUnit.UNIT, config.name(), config.ranking(),
                config.path(), GroundingDinoBoxDecoder::loadFolder, LOG, "Grounding DINO decoder");
    }

    @Deactivate
    void deactivate() throws Exception {
        served.close();
    }
}
