package org.refvlm.decoder.sam.model;

import ai.djl.ndarray.NDArray;
import org.refvlm.nn.AttentionMask;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.Linear;
import org.refvlm.nn.MultiHeadAttention;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;

/**
 * SAM's two-way transformer: in every block the prompt tokens attend to themselves, then to the
 * image (at half width), pass an MLP, and then the image attends back to the tokens; each step is
 * post-norm. The token positions are the tokens' own initial values and the image's the image-wide
 * encoding, added to queries and keys (not values). The first block's self-attention sees no
 * positions and has no residual (SAM's {@code skip_first_layer_pe}). A final token-to-image
 * attention closes. Names under {@code mask_decoder.transformer.}.
 */
final class SamTwoWayTransformer {

    private static final String P = "mask_decoder.transformer";
    /** transformers builds {@code layer_norm_final_attn} with PyTorch's default epsilon, unlike the blocks'. */
    private static final float FINAL_EPS = LayerNorm.DEFAULT_EPS;

    private record Block(MultiHeadAttention self, LayerNorm norm1, MultiHeadAttention tokenToImage, LayerNorm norm2,
                         Linear lin1, Linear lin2, LayerNorm norm3, LayerNorm norm4,
                         MultiHeadAttention imageToToken) {
    }

    private final Block[] blocks;
    private final MultiHeadAttention finalAttention;
    private final LayerNorm finalNorm;
    private final NonLinearity activation;

    SamTwoWayTransformer(Parameters params, SamConfig.MaskDecoder c) {
        int d = c.hiddenSize();
        int inner = d / c.attentionDownsampleRate();
        int heads = c.numAttentionHeads();
        float eps = (float) c.layerNormEps();
        this.activation = NonLinearity.of(c.hiddenAct());
        this.blocks = new Block[c.numHiddenLayers()];
        for (int i = 0; i < blocks.length; i++) {
            String p = P + ".layers." + i;
            blocks[i] = new Block(new MultiHeadAttention(params, p + ".self_attn", d, heads, d),
                    new LayerNorm(params, p + ".layer_norm1", d, eps),
                    new MultiHeadAttention(params, p + ".cross_attn_token_to_image", d, heads, inner),
                    new LayerNorm(params, p + ".layer_norm2", d, eps),
                    new Linear(params, p + ".mlp.lin1", d, c.mlpDim()),
                    new Linear(params, p + ".mlp.lin2", c.mlpDim(), d),
                    new LayerNorm(params, p + ".layer_norm3", d, eps),
                    new LayerNorm(params, p + ".layer_norm4", d, eps),
                    new MultiHeadAttention(params, p + ".cross_attn_image_to_token", d, heads, inner));
        }
        this.finalAttention = new MultiHeadAttention(params, P + ".final_attn_token_to_image", d, heads, inner);
        this.finalNorm = new LayerNorm(params, P + ".layer_norm_final_attn", d, FINAL_EPS);
    }

    /** The tokens and the image after the transformer. */
    record Output(NDArray tokens, NDArray image) {
    }

    /**
     * @param tokens   [N, T, C] output and prompt tokens (also their own positions)
     * @param image    [N, HW, C] image embedding (plus dense prompt), flattened
     * @param imagePos [N, HW, C] image-wide position encoding
     */
    Output forward(NDArray tokens, NDArray image, NDArray imagePos) {
        NDArray queries = tokens;
        NDArray keys = image;
        for (int i = 0; i < blocks.length; i++) {
            Block b = blocks[i];
            if (i == 0) {
                queries = b.self().forward(queries, queries, queries, AttentionMask.NONE);
            } else {
                NDArray q = queries.add(tokens);
                queries = queries.add(b.self().forward(q, q, queries, AttentionMask.NONE));
            }
            queries = b.norm1().forward(queries);
            NDArray k = keys.add(imagePos);
            queries = b.norm2().forward(queries.add(
                    b.tokenToImage().forward(queries.add(tokens), k, keys, AttentionMask.NONE)));
            queries = b.norm3().forward(queries.add(b.lin2().forward(activation.apply(b.lin1().forward(queries)))));
            keys = b.norm4().forward(keys.add(
                    b.imageToToken().forward(keys.add(imagePos), queries.add(tokens), queries, AttentionMask.NONE)));
        }
        NDArray attended = finalAttention.forward(queries.add(tokens), keys.add(imagePos), keys, AttentionMask.NONE);
        return new Output(finalNorm.forward(queries.add(attended)), keys);             // [N, T, C], [N, HW, C]
    }
}
