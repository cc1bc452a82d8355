package org.refvlm.encoder.convnext.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.encoder.convnext.ConvNextConfig;
import org.refvlm.encoder.convnext.ConvNextOutput;
import org.refvlm.encoder.ParameterizedEncoder;
import org.refvlm.encoder.convnext.ConvNextTrunk;
import org.refvlm.nn.Conv2d;
import org.refvlm.nn.ConvOptions;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.Parameters;

/**
 * ConvNeXt trunk: patchify stem + LayerNorm2d, then per stage an optional downsample
 * (LayerNorm2d + 2x2 stride-2 conv) and ConvNeXt blocks.
 */
public final class ConvNextTrunkModel extends ParameterizedEncoder implements ConvNextTrunk {
    private final ConvNextConfig config;
    private final Conv2d stem;
    private final LayerNorm stemNorm;
    private final List<Stage> stages = new ArrayList<>();

    /** One stage: an optional downsample (LayerNorm2d + 2x2 stride-2 conv), then its blocks. */
    private record Stage(LayerNorm downsampleNorm, Conv2d downsample, List<ConvNextBlock> blocks) {
    }

    public ConvNextTrunkModel(ConvNextConfig config, Parameters params) {
        super(params);
        this.config = config;
        float eps = (float) config.eps();
        int d0 = config.dims().get(0);
        this.stem = new Conv2d(params, "stem.0", config.inChannels(), d0,
                ConvOptions.kernel(config.stemPatch()).stride(config.stemPatch()));
        this.stemNorm = new LayerNorm(params, "stem.1", d0, eps);
        for (int s = 0; s < config.dims().size(); s++) {
            String p = "stages." + s + ".";
            int d = config.dims().get(s);
            LayerNorm downNorm = null;
            Conv2d down = null;
            if (s > 0) {
                int previous = config.dims().get(s - 1);
                downNorm = new LayerNorm(params, p + "downsample.0", previous, eps);
                down = new Conv2d(params, p + "downsample.1", previous, d, ConvOptions.kernel(2).stride(2));
            }
            List<ConvNextBlock> blocks = new ArrayList<>();
            for (int b = 0; b < config.depths().get(s); b++) {
                blocks.add(new ConvNextBlock(params, p + "blocks." + b + ".", d, config));
            }
            stages.add(new Stage(downNorm, down, List.copyOf(blocks)));
        }
    }

    @Override
    public ConvNextOutput forward(NDArray pixelValues, NDManager out) {
        try (NDManager scope = params.manager().newSubManager()) {
            NDArray x = pixelValues.toDevice(device(), false);
            if (x == pixelValues) {
                x.tempAttach(scope);
            } else {
                x.attach(scope);
            }
            x = stemNorm.forwardChannels(stem.forward(x)); // [B, d0, H/4, W/4]
            NDArray stemOut = x;
            List<NDArray> outputs = new ArrayList<>();
            for (Stage stage : stages) {
                if (stage.downsample() != null) {
                    x = stage.downsample().forward(stage.downsampleNorm().forwardChannels(x));
                }
                for (ConvNextBlock block : stage.blocks()) {
                    x = block.forward(x);
                }
                outputs.add(x);
            }
            stemOut.attach(out);
            for (NDArray a : outputs) {
                a.attach(out);
            }
            // norm_pre is Identity in these trunks (timm builds a norm there only with head_norm_first).
            return new ConvNextOutput(stemOut, outputs, outputs.get(outputs.size() - 1));
        }
    }

    @Override
    public List<NDArray> features(NDArray pixelValues, NDManager out) {
        return forward(pixelValues, out).stages();
    }

    @Override
    public ConvNextConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "convnext";
    }
}
