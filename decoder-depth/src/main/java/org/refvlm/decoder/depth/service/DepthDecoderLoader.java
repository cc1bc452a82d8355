package org.refvlm.decoder.depth.service;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.refvlm.api.DepthUnit;
import org.refvlm.decoder.depth.DepthDecoder;
import org.refvlm.spi.support.ServedDecoderFolder;
import org.refvlm.tensor.TensorRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a trained depth decoder folder for unit {@code depth}: one instance per factory configuration
 * of PID {@code org.refvlm.decoder.depth-fpn} (what {@code train --serve}, a model folder's
 * {@code model.json} and a {@code deploy/org.refvlm.decoder.depth-fpn-NAME.cfg} file create), so several
 * can run side by side. The decoder service is registered only once the folder has loaded, and
 * withdrawn when the configuration goes.
 */
@Component(immediate = true, configurationPid = "org.refvlm.decoder." + DepthDecoder.KIND,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DepthLoaderConfig.class, factory = true)
public final class DepthDecoderLoader {

    private static final Logger LOG = LoggerFactory.getLogger(DepthDecoderLoader.class);

    @Reference
    private TensorRuntime runtime;

    private ServedDecoderFolder served;

    @Activate
    void activate(BundleContext context, DepthLoaderConfig config) {
        served = ServedDecoderFolder.serve(context, runtime, DepthUnit.UNIT, config.name(), config.ranking(), config.path(),
                DepthDecoder::loadFolder, LOG, "depth decoder");
    }

    @Deactivate
    void deactivate() throws Exception {
        served.close();
    }
}
