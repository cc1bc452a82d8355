package org.refvlm.decoder.detr.service;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.refvlm.api.BoxUnit;
import org.refvlm.decoder.detr.DetrBoxDecoder;
import org.refvlm.spi.support.ServedDecoderFolder;
import org.refvlm.tensor.TensorRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a trained DETR decoder folder ({@code org.refvlm.decoder.detr}, a factory configuration
 * so several can run side by side) as a decoder service for unit {@code box}, only if
 * its configuration and weights load.
 */
@Component(immediate = true, configurationPid = "org.refvlm.decoder.detr", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DetrLoaderConfig.class, factory = true)
public final class DetrDecoderLoader {

    private static final Logger LOG = LoggerFactory.getLogger(DetrDecoderLoader.class);

    @Reference
    private TensorRuntime runtime;

    private ServedDecoderFolder served;

    @Activate
    void activate(BundleContext context, DetrLoaderConfig config) {
        served = ServedDecoderFolder.serve(context, runtime, BoxUnit.UNIT, config.name(), config.ranking(), config.path(),
                DetrBoxDecoder::loadFolder, LOG, "DETR box decoder");
    }

    @Deactivate
    void deactivate() throws Exception {
        served.close();
    }
}
