package org.refvlm.decoder.depth.service;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;
import org.refvlm.api.DepthUnit;
import org.refvlm.decoder.depth.DepthDecoder;
import org.refvlm.decoder.depth.DepthDecoderConfig;
import org.refvlm.spi.DecoderFactory;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.spi.support.DecoderFolder;

/** Makes depth decoders for the trainer: fresh from a {@link DepthDecoderConfig}, or from a decoder folder. */
@Component(property = {DecoderFactory.KIND + "=" + DepthDecoder.KIND, VisualUnitDecoder.UNIT + "=" + DepthUnit.UNIT})
public final class DepthDecoderFactory implements DecoderFactory {

    @Override
    public String kind() {
        return DepthDecoder.KIND;
    }

    @Override
    public String unit() {
        return DepthUnit.UNIT;
    }

    @Override
    public TrainableDecoder create(String configJson, NDManager manager, long seed) {
        return new DepthDecoder(DecoderFolder.parseConfig(configJson, DepthDecoderConfig.class), manager, seed);
    }

    @Override
    public TrainableDecoder load(Path folder, NDManager manager) throws IOException {
        return DepthDecoder.loadFolder(folder, manager);
    }
}
