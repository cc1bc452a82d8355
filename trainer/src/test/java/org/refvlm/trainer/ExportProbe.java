package org.refvlm.trainer;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Map;
import org.refvlm.decoder.detr.service.DetrDecoderFactory;
import org.refvlm.decoder.maskformer.service.MaskFormerDecoderFactory;
import org.refvlm.spi.DecoderFactory;
import org.refvlm.trainer.internal.TrainingRun;

/** Writes the newest checkpoint of a run as a model folder, outside the framework: {@code ExportProbe recipe.json out}. */
public final class ExportProbe {
    public static void main(String[] args) throws Exception {
        Map<String, DecoderFactory> f = Map.of("detr", new DetrDecoderFactory(), "maskformer", new MaskFormerDecoderFactory());
        System.out.println(new TrainingRun(Path.of(args[0]), Path.of(args[1]), Device.cpu(), f::get).exportLatestCheckpoint());
    }
}
