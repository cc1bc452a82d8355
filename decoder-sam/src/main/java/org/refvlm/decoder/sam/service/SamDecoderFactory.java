package org.refvlm.decoder.sam.service;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;
import org.refvlm.api.MaskUnit;
import org.refvlm.decoder.sam.SamDecoder;
import org.refvlm.decoder.sam.SamDecoderConfig;
import org.refvlm.spi.DecoderFactory;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.spi.support.DecoderFolder;

/**
 * Makes SAM mask decoders for the platform's trainer: fresh from a recipe's {@code "config"}
 * (SAM's weights from its {@code samFrom} folder when given), or from a decoder folder. Registered
 * whenever the bundle is active.
 */
@Component(property = {DecoderFactory.KIND + "=" + SamDecoder.KIND, VisualUnitDecoder.UNIT + "=" + MaskUnit.UNIT})
public final class SamDecoderFactory implements DecoderFactory {

    @Override
    public String kind() {
        return SamDecoder.KIND;
    }

    @Override
    public String unit() {
        return MaskUnit.UNIT;
    }

    @Override
    public TrainableDecoder create(String configJson, NDManager manager, long seed) {
        try {
            return SamDecoder.create(DecoderFolder.parseConfig(configJson, SamDecoderConfig.class), manager, seed);
        } catch (IOException e) {
            throw new UncheckedIOException("the SAM weights named by samFrom did not load: " + e.getMessage(), e);
        }
    }

    @Override
    public TrainableDecoder load(Path folder, NDManager manager) throws IOException {
        return SamDecoder.loadFolder(folder, manager);
    }
}
