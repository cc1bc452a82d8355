package org.refvlm.trainer;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Map;
import org.refvlm.decoder.detr.service.DetrDecoderFactory;
import org.refvlm.decoder.maskformer.service.MaskFormerDecoderFactory;
import org.refvlm.spi.DecoderFactory;
import org.refvlm.trainer.internal.TrainingRun;

/** Runs a recipe outside the framework: {@code SpeedProbe recipe.json out [steps]}; for measuring. */
public final class SpeedProbe {
    public static void main(String[] args) throws Exception {
        Map<String, DecoderFactory> f = Map.of("detr", new DetrDecoderFactory(), "maskformer", new MaskFormerDecoderFactory());
        TrainingRun run = new TrainingRun(Path.of(args[0]), Path.of(args[1]), Device.cpu(), f::get).withProgressBar(true);
        if (args.length > 2) {
            run.stopAfter(Long.parseLong(args[2]));
        }
        System.out.println(run.run(true));
    }
}
