package org.refvlm.decoder.maskformer.service;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.refvlm.api.MaskUnit;
import org.refvlm.decoder.maskformer.MaskFormerDecoder;
import org.refvlm.spi.support.ServedDecoderFolder;
import org.refvlm.tensor.TensorRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a trained MaskFormer decoder folder ({@code org.refvlm.decoder.maskformer}, a factory configuration
 * so several can run side by side) as a decoder service for unit {@code mask}, only if
 * its configuration and weights load.
 */
@Component(immediate = true, configurationPid = "org.refvlm.decoder.maskformer", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MaskFormerLoaderConfig.class, factory = true)
public final class MaskFormerDecoderLoader {

    private static final Logger LOG = LoggerFactory.getLogger(MaskFormerDecoderLoader.class);

    @Reference
    private TensorRuntime runtime;

    private ServedDecoderFolder served;

    @Activate
    void activate(BundleContext context, MaskFormerLoaderConfig config) {
        served = ServedDecoderFolder.serve(context, runtime, MaskUnit.UNIT, config.name(), config.ranking(), config.path(),
                MaskFormerDecoder::loadFolder, LOG, "MaskFormer mask decoder");
    }

    @Deactivate
    void deactivate() throws Exception {
        served.close();
    }
}
