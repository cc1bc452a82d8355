package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.Map;
import org.refvlm.tensor.Nn;

/**
 * MaskFormer's mask-embedding MLP (3 Linear layers of width d, ReLU between) and the mask logits
 * as the dot product of each query's embedding with every pixel embedding.
 */
public final class MaskEmbeddingHead {

    private static final int LAYERS = 3;

    private MaskEmbeddingHead() {
    }

    public static void declare(ParameterLayout layout, int d) {
        for (int i = 0; i < LAYERS; i++) {
            layout.linear("mask_head." + i, d, d);
        }
    }

    /**
     * @param states [B, L, d] decoder outputs
     * @param pixels [B, d, H, W] pixel embeddings
     * @return mask logits [B, L, H, W]
     */
    public static NDArray apply(Map<String, NDArray> p, NDArray states, NDArray pixels) {
        NDArray e = states;
        for (int i = 0; i < LAYERS; i++) {
            e = Nn.linear(e, p.get("mask_head." + i + ".weight"), p.get("mask_head." + i + ".bias"));
            if (i < LAYERS - 1) {
                e = Activation.relu(e);
            }
        }                                                                                   // [B, L, d]
        long b = pixels.getShape().get(0), d = pixels.getShape().get(1);
        long h = pixels.getShape().get(2), w = pixels.getShape().get(3);
        return e.matMul(pixels.reshape(b, d, h * w)).reshape(b, -1, h, w);                // [B, L, H, W]
    }
}
