package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import org.refvlm.nn.MatMul;
import org.refvlm.nn.Mlp;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;

/**
 * MaskFormer's mask-embedding MLP (3 Linear layers of width d, ReLU between, {@code mask_head.layers.<i>})
 * and the mask logits as the dot product of each query's embedding with every pixel embedding.
 */
public final class MaskEmbeddingHead {

    private final Mlp mlp;

    public MaskEmbeddingHead(Parameters p, int d) {
        this.mlp = new Mlp(p, "mask_head", d, d, d, 3, NonLinearity.RELU);
    }

    /**
     * @param states [B, L, d] decoder outputs
     * @param pixels [B, d, H, W] pixel embeddings
     * @return mask logits [B, L, H, W]
     */
    public NDArray forward(NDArray states, NDArray pixels) {
        NDArray e = mlp.forward(states);                                                    // [B, L, d]
        long b = pixels.getShape().get(0), d = pixels.getShape().get(1);
        long h = pixels.getShape().get(2), w = pixels.getShape().get(3);
        return MatMul.of(e, pixels.reshape(b, d, h * w)).reshape(b, -1, h, w);                 // [B, L, H, W]
    }
}
