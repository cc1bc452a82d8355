package org.refvlm.decoder.keypoint.service;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;
import org.refvlm.api.KeypointsUnit;
import org.refvlm.decoder.keypoint.KeypointDecoder;
import org.refvlm.decoder.keypoint.KeypointDecoderConfig;
import org.refvlm.spi.DecoderFactory;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.spi.support.DecoderFolder;

/** Makes keypoint decoders for the trainer: fresh from a {@link KeypointDecoderConfig}, or from a decoder folder. */
@Component(property = {DecoderFactory.KIND + "=" + KeypointDecoder.NAME, VisualUnitDecoder.UNIT + "=" + KeypointsUnit.UNIT})
public final class KeypointDecoderFactory implements DecoderFactory {

    @Override
    public String kind() {
        return KeypointDecoder.NAME;
    }

    @Override
    public String unit() {
        return KeypointsUnit.UNIT;
    }

    @Override
    public TrainableDecoder create(String configJson, NDManager manager, long seed) {
        return new KeypointDecoder(DecoderFolder.parseConfig(configJson, KeypointDecoderConfig.class), manager, seed);
    }

    @Override
    public TrainableDecoder load(Path folder, NDManager manager) throws IOException {
        return KeypointDecoder.loadFolder(folder, manager);
    }
}
