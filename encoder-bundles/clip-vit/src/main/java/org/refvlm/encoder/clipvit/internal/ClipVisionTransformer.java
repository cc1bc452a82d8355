package org.refvlm.encoder.clipvit.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.encoder.clipvit.ClipVisionConfig;
import org.refvlm.encoder.ParameterizedEncoder;
import org.refvlm.encoder.clipvit.ClipVisionEncoder;
import org.refvlm.encoder.clipvit.ClipVisionOutput;
import org.refvlm.tensor.Nn;
import org.refvlm.tensor.ParameterStore;

/**
 * CLIP vision transformer: patch embedding + class token + learned positions, pre-LayerNorm,
 * pre-norm encoder layers, post-LayerNorm on the CLS token for the pooled output.
 */
public final class ClipVisionTransformer extends ParameterizedEncoder implements ClipVisionEncoder {
    private final ClipVisionConfig config;
    private final int selectLayer;
    private final boolean dropCls;
    private final List<ClipEncoderLayer> layers = new ArrayList<>();

    public ClipVisionTransformer(ClipVisionConfig config, ParameterStore params, int selectLayer, boolean dropCls) {
        super(params);
        this.config = config;
        this.selectLayer = selectLayer;
        this.dropCls = dropCls;
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(new ClipEncoderLayer(params, "encoder.layers." + i + ".", config));
        }
    }

    @Override
    public ClipVisionOutput forward(NDArray pixelValues, NDManager out) {
        long[] s = pixelValues.getShape().getShape();
        if (s.length != 4 || s[1] != config.numChannels() || s[2] != config.imageSize() || s[3] != config.imageSize()) {
            throw new IllegalArgumentException("pixel values " + pixelValues.getShape() + " do not match [B, "
                    + config.numChannels() + ", " + config.imageSize() + ", " + config.imageSize() + "]");
        }
        float eps = (float) config.layerNormEps();
        try (NDManager scope = params.manager().newSubManager()) {
            NDArray px = pixelValues.toDevice(device(), false);
            if (px == pixelValues) {
                px.tempAttach(scope);
            } else {
                px.attach(scope);
            }
            long b = s[0];
            long d = config.hiddenSize();
            NDArray patches = Nn.conv2d(px, params.get("embeddings.patch_embedding.weight"), null,
                    config.patchSize(), 0, 1); // [B, D, g, g]
            patches = patches.reshape(b, d, -1).transpose(0, 2, 1); // [B, N, D]
            NDArray cls = scope.zeros(new Shape(b, 1, d)).add(params.get("embeddings.class_embedding")); // [B, 1, D]
            NDArray x = NDArrays.concat(new NDList(cls, patches), 1) // [B, N+1, D]
                    .add(params.get("embeddings.position_embedding.weight"));
            x = Nn.layerNorm(x, params.get("pre_layrnorm.weight"), params.get("pre_layrnorm.bias"), eps);
            List<NDArray> hidden = new ArrayList<>();
            hidden.add(x);
            for (ClipEncoderLayer layer : layers) {
                x = layer.forward(x);
                hidden.add(x);
            }
            NDArray pooled = Nn.layerNorm(x.get(new NDIndex(":, 0, :")), params.get("post_layernorm.weight"),
                    params.get("post_layernorm.bias"), eps); // [B, D]
            for (NDArray h : hidden) {
                h.attach(out);
            }
            pooled.attach(out);
            return new ClipVisionOutput(hidden, x, pooled);
        }
    }

    @Override
    public List<NDArray> features(NDArray pixelValues, NDManager out) {
        try (NDManager scope = out.newSubManager()) {
            ClipVisionOutput o = forward(pixelValues, scope);
            NDArray f = o.select(selectLayer, dropCls); // [B, N, D]
            f.attach(out);
            return List.of(f);
        }
    }

    @Override
    public java.util.OptionalInt inputSize() {
        return java.util.OptionalInt.of(config.imageSize());
    }

    @Override
    public ClipVisionConfig config() {
        return config;
    }

    @Override
    public int selectLayer() {
        return selectLayer;
    }

    @Override
    public boolean dropCls() {
        return dropCls;
    }

    @Override
    public String name() {
        return "clip-vit";
    }
}
