package org.refvlm.encoder.convnext.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.encoder.convnext.ConvNextConfig;
import org.refvlm.encoder.convnext.ConvNextOutput;
import org.refvlm.encoder.ParameterizedEncoder;
import org.refvlm.encoder.convnext.ConvNextTrunk;
import org.refvlm.tensor.Nn;
import org.refvlm.tensor.ParameterStore;

/**
 * ConvNeXt trunk: patchify stem + LayerNorm2d, then per stage an optional downsample
 * (LayerNorm2d + 2x2 stride-2 conv) and ConvNeXt blocks.
 */
public final class ConvNextTrunkModel extends ParameterizedEncoder implements ConvNextTrunk {
    private final ConvNextConfig config;

    public ConvNextTrunkModel(ConvNextConfig config, ParameterStore params) {
        super(params);
        this.config = config;
    }

    @Override
    public ConvNextOutput forward(NDArray pixelValues, NDManager out) {
        float eps = (float) config.eps();
        try (NDManager scope = params.manager().newSubManager()) {
            NDArray x = pixelValues.toDevice(device(), false);
            if (x == pixelValues) {
                x.tempAttach(scope);
            } else {
                x.attach(scope);
            }
            x = Nn.conv2d(x, params.get("stem.0.weight"), params.get("stem.0.bias"), config.stemPatch(), 0, 1);
            x = LayerNorm2d.apply(x, params.get("stem.1.weight"), params.get("stem.1.bias"), eps); // [B, d0, H/4, W/4]
            NDArray stem = x;
            List<NDArray> stages = new ArrayList<>();
            for (int s = 0; s < config.dims().size(); s++) {
                String p = "stages." + s + ".";
                if (s > 0) {
                    x = LayerNorm2d.apply(x, params.get(p + "downsample.0.weight"), params.get(p + "downsample.0.bias"), eps);
                    x = Nn.conv2d(x, params.get(p + "downsample.1.weight"), params.get(p + "downsample.1.bias"), 2, 0, 1);
                }
                for (int b = 0; b < config.depths().get(s); b++) {
                    x = ConvNextBlock.forward(x, params, p + "blocks." + b + ".", config);
                }
                stages.add(x);
            }
            stem.attach(out);
            for (NDArray a : stages) {
                a.attach(out);
            }
            // norm_pre is Identity in these trunks (timm builds a norm there only with head_norm_first).
            return new ConvNextOutput(stem, stages, stages.get(stages.size() - 1));
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
