package org.refvlm.decoder.groundingdino.service;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;
import org.refvlm.api.BoxUnit;
import org.refvlm.decoder.groundingdino.GroundingDinoDecoderConfig;
import org.refvlm.decoder.groundingdino.GroundingDinoBoxDecoder;
import org.refvlm.spi.DecoderFactory;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.spi.support.DecoderFolder;

/**
 * Makes Grounding DINO decoders for the platform's trainer: fresh from a recipe's {@code "config"}, or
 * from a decoder folder. Registered whenever the bundle is active, so {@code refvlm:train} finds
 * the kind as soon as the bundle is installed.
 */
@Component(property = {DecoderFactory.KIND + "=" + GroundingDinoBoxDecoder.KIND, VisualUnitDecoder.UNIT + "=" + BoxUnit.UNIT})
public final class GroundingDinoDecoderFactory implements DecoderFactory {

    @Override
    public String kind() {
        return GroundingDinoBoxDecoder.KIND;
    }

    @Override
    public String unit() {
        return BoxUnit.UNIT;
    }

    @Override
    public TrainableDecoder create(String configJson, NDManager manager, long seed) {
        return new GroundingDinoBoxDecoder(DecoderFolder.parseConfig(configJson, GroundingDinoDecoderConfig.class), manager, seed);
    }

    @Override
    public TrainableDecoder load(Path folder, NDManager manager) throws IOException {
        return GroundingDinoBoxDecoder.loadFolder(folder, manager);
    }
}
