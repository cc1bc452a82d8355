package org.refvlm.decoder.detr.service;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;
import org.refvlm.api.BoxUnit;
import org.refvlm.decoder.detr.DetrBoxDecoder;
import org.refvlm.decoder.detr.DetrDecoderConfig;
import org.refvlm.spi.DecoderFactory;
import org.refvlm.spi.support.DecoderFolder;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.VisualUnitDecoder;

/** Makes DETR box decoders for the trainer: fresh from a {@link DetrDecoderConfig}, or from a decoder folder. */
@Component(property = {DecoderFactory.KIND + "=" + DetrBoxDecoder.NAME, VisualUnitDecoder.UNIT + "=" + BoxUnit.UNIT})
public final class DetrDecoderFactory implements DecoderFactory {

    @Override
    public String kind() {
        return DetrBoxDecoder.NAME;
    }

    @Override
    public String unit() {
        return BoxUnit.UNIT;
    }

    @Override
    public TrainableDecoder create(String configJson, NDManager manager, long seed) {
        return new DetrBoxDecoder(DecoderFolder.parseConfig(configJson, DetrDecoderConfig.class), manager, seed);
    }

    @Override
    public TrainableDecoder load(Path folder, NDManager manager) throws IOException {
        return DetrBoxDecoder.loadFolder(folder, manager);
    }
}
