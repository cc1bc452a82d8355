package org.refvlm.decoder.keypoint.service;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.refvlm.api.KeypointsUnit;
import org.refvlm.decoder.keypoint.KeypointDecoder;
import org.refvlm.spi.support.ServedDecoderFolder;
import org.refvlm.tensor.TensorRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a trained keypoint decoder folder ({@code org.refvlm.decoder.posedetr}, a factory
 * configuration so several can run side by side) as a decoder service for unit {@code keypoint},
 * only if its configuration and weights load.
 */
@Component(immediate = true, configurationPid = "org.refvlm.decoder." + KeypointDecoder.NAME,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = KeypointLoaderConfig.class, factory = true)
public final class KeypointDecoderLoader {

    private static final Logger LOG = LoggerFactory.getLogger(KeypointDecoderLoader.class);

    @Reference
    private TensorRuntime runtime;

    private ServedDecoderFolder served;

    @Activate
    void activate(BundleContext context, KeypointLoaderConfig config) {
        served = ServedDecoderFolder.serve(context, runtime, KeypointsUnit.UNIT, config.name(), config.ranking(),
                config.path(), KeypointDecoder::loadFolder, LOG, "keypoint decoder");
    }

    @Deactivate
    void deactivate() throws Exception {
        served.close();
    }
}
