package org.refvlm.example.patchbox.service;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;
import org.refvlm.api.BoxUnit;
import org.refvlm.example.patchbox.PatchBoxConfig;
import org.refvlm.example.patchbox.PatchBoxDecoder;
import org.refvlm.spi.DecoderFactory;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.spi.support.DecoderFolder;

/**
 * Makes patchbox decoders for the platform's trainer: fresh from a recipe's {@code "config"}, or
 * from a decoder folder. Registered whenever the bundle is active, so {@code refvlm:train} finds
 * the kind as soon as the bundle is installed.
 */
@Component(property = {DecoderFactory.KIND + "=" + PatchBoxDecoder.KIND, VisualUnitDecoder.UNIT + "=" + BoxUnit.UNIT})
public final class PatchBoxFactory implements DecoderFactory {

    @Override
    public String kind() {
        return PatchBoxDecoder.KIND;
    }

    @Override
    public String unit() {
        return BoxUnit.UNIT;
    }

    @Override
    public TrainableDecoder create(String configJson, NDManager manager, long seed) {
        return new PatchBoxDecoder(DecoderFolder.parseConfig(configJson, PatchBoxConfig.class), manager, seed);
    }

    @Override
    public TrainableDecoder load(Path folder, NDManager manager) throws IOException {
        return PatchBoxDecoder.loadFolder(folder, manager);
    }
}
