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
import org.refvlm.nn.Conv2d;
import org.refvlm.nn.ConvOptions;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.Parameters;

/**
 * CLIP vision transformer: patch embedding + class token + learned positions, pre-LayerNorm,
 * pre-norm encoder layers, post-LayerNorm on the CLS token for the pooled output.
 */
public final class ClipVisionTransformer extends ParameterizedEncoder implements ClipVisionEncoder {
    private final ClipVisionConfig config;
    private final int selectLayer;
    private final boolean dropCls;
    private final List<ClipEncoderLayer> layers = new ArrayList<>();
    private final Conv2d patchEmbedding;
    private final LayerNorm preNorm;
    private final LayerNorm postNorm;

    public ClipVisionTransformer(ClipVisionConfig config, Parameters params, int selectLayer, boolean dropCls) {
        super(params);
        this.config = config;
        this.selectLayer = selectLayer;
        this.dropCls = dropCls;
        float eps = (float) config.layerNormEps();
        this.patchEmbedding = new Conv2d(params, "embeddings.patch_embedding", config.numChannels(),
                config.hiddenSize(), ConvOptions.kernel(config.patchSize()).stride(config.patchSize()).noBias());
        // HF spells the first norm "pre_layrnorm"
        this.preNorm = new LayerNorm(params, "pre_layrnorm", config.hiddenSize(), eps);
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(new ClipEncoderLayer(params, "encoder.layers." + i + ".", config));
        }
        this.postNorm = new LayerNorm(params, "post_layernorm", config.hiddenSize(), eps);
    }

    @Override
    public ClipVisionOutput forward(NDArray pixelValues, NDManager out) {
        long[] s = pixelValues.getShape().getShape();
        if (s.length != 4 || s[1] != config.numChannels() || s[2] != config.imageSize() || s[3] != config.imageSize()) {
            throw new IllegalArgumentException("pixel values " + pixelValues.getShape() + " do not match [B, "
                    + config.numChannels() + ", " + config.imageSize() + ", " + config.imageSize() + "]");
        }
        try (NDManager scope = params.manager().newSubManager()) {
            NDArray px = pixelValues.toDevice(device(), false);
            if (px == pixelValues) {
                px.tempAttach(scope);
            } else {
                px.attach(scope);
            }
            long b = s[0];
            long d = config.hiddenSize();
            NDArray patches = patchEmbedding.forward(px); // [B, D, g, g]
            patches = patches.reshape(b, d, -1).transpose(0, 2, 1); // [B, N, D]
            NDArray classEmbedding = params.get("embeddings.class_embedding");
            // in the weights' type: a float32 zero would promote a float16 tower to float32 here
            NDArray cls = scope.zeros(new Shape(b, 1, d), classEmbedding.getDataType()).add(classEmbedding); // [B, 1, D]
            NDArray x = NDArrays.concat(new NDList(cls, patches), 1) // [B, N+1, D]
                    .add(params.get("embeddings.position_embedding.weight"));
            x = preNorm.forward(x);
            List<NDArray> hidden = new ArrayList<>();
            hidden.add(x);
            for (ClipEncoderLayer layer : layers) {
                x = layer.forward(x);
                hidden.add(x);
            }
            NDArray pooled = postNorm.forward(x.get(new NDIndex(":, 0, :"))); // [B, D]
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
