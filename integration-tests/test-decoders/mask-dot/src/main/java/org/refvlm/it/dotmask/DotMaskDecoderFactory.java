package org.refvlm.it.dotmask;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;
import org.refvlm.api.MaskUnit;
import org.refvlm.spi.DecoderFactory;
import org.refvlm.spi.support.DecoderFolder;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.VisualUnitDecoder;

/**
 * Makes dotmask decoders for the trainer ({@code refvlm:train} finds it by its kind): fresh from
 * a recipe's config, or from a decoder folder. Registered whenever the bundle is active.
 */
@Component(property = {DecoderFactory.KIND + "=" + DotMaskDecoder.KIND, VisualUnitDecoder.UNIT + "=" + MaskUnit.UNIT})
public final class DotMaskDecoderFactory implements DecoderFactory {

    @Override
    public String kind() {
        return DotMaskDecoder.KIND;
    }

    @Override
    public String unit() {
        return MaskUnit.UNIT;
    }

    @Override
    public TrainableDecoder create(String configJson, NDManager manager, long seed) {
        return new DotMaskDecoder(DecoderFolder.parseConfig(configJson, DotMaskConfig.class), manager, seed);
    }

    @Override
    public TrainableDecoder load(Path folder, NDManager manager) throws IOException {
        return DotMaskDecoder.loadFolder(folder, manager);
    }
}
