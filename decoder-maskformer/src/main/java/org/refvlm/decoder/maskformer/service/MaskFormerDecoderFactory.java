package org.refvlm.decoder.maskformer.service;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;
import org.refvlm.api.MaskUnit;
import org.refvlm.decoder.maskformer.MaskFormerDecoder;
import org.refvlm.decoder.maskformer.MaskFormerDecoderConfig;
import org.refvlm.spi.DecoderFactory;
import org.refvlm.spi.support.DecoderFolder;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.VisualUnitDecoder;

/** Makes MaskFormer mask decoders for the trainer: fresh from a {@link MaskFormerDecoderConfig}, or from a decoder folder. */
@Component(property = {DecoderFactory.KIND + "=" + MaskFormerDecoder.NAME, VisualUnitDecoder.UNIT + "=" + MaskUnit.UNIT})
public final class MaskFormerDecoderFactory implements DecoderFactory {

    @Override
    public String kind() {
        return MaskFormerDecoder.NAME;
    }

    @Override
    public String unit() {
        return MaskUnit.UNIT;
    }

    @Override
    public TrainableDecoder create(String configJson, NDManager manager, long seed) {
        return new MaskFormerDecoder(DecoderFolder.parseConfig(configJson, MaskFormerDecoderConfig.class), manager, seed);
    }

    @Override
    public TrainableDecoder load(Path folder, NDManager manager) throws IOException {
        return MaskFormerDecoder.loadFolder(folder, manager);
    }
}
