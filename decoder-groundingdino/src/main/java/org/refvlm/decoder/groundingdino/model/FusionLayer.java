package org.refvlm.decoder.groundingdino.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Init;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.Linear;
import org.refvlm.nn.MatMul;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Scalars;

/**
 * Grounding DINO's vision-text fusion: both streams are layer-normed, then one set of scores
 * (vision queries against text keys) is read both ways: image tokens attend to text tokens and
 * text tokens to image tokens. Each update enters scaled by a learned per-channel factor
 * ({@code vision_param}, {@code text_param}, layer scale). The normed streams carry on.
 */
final class FusionLayer {

    private final int heads;
    private final int width;
    private final LayerNorm visionNorm;
    private final LayerNorm textNorm;
    private final Linear visionProj;
    private final Linear textProj;
    private final Linear valuesVision;
    private final Linear valuesText;
    private final Linear outVision;
    private final Linear outText;
    private final Parameters params;
    private final String visionParam;
    private final String textParam;

    FusionLayer(Parameters params, String p, int dModel, int width, int heads, float eps) {
        this.params = params;
        this.heads = heads;
        this.width = width;
        this.visionNorm = new LayerNorm(params, p + "layer_norm_vision", dModel, eps);
        this.textNorm = new LayerNorm(params, p + "layer_norm_text", dModel, eps);
        this.visionProj = new Linear(params, p + "attn.vision_proj", dModel, width);
        this.textProj = new Linear(params, p + "attn.text_proj", dModel, width);
        this.valuesVision = new Linear(params, p + "attn.values_vision_proj", dModel, width);
        this.valuesText = new Linear(params, p + "attn.values_text_proj", dModel, width);
        this.outVision = new Linear(params, p + "attn.out_vision_proj", width, dModel);
        this.outText = new Linear(params, p + "attn.out_text_proj", width, dModel);
        this.visionParam = p + "vision_param";
        this.textParam = p + "text_param";
        params.declare(visionParam, new Shape(dModel), Init.constant(1e-4f));
        params.declare(textParam, new Shape(dModel), Init.constant(1e-4f));
    }

    /**
     * @param vision   [B, Nv, D]
     * @param text     [B, Nt, D]
     * @param textBias [B, 1, 1, Nt] additive: 0 for real text tokens, -inf-like for padding
     * @return the updated vision [B, Nv, D] and text [B, Nt, D]
     */
    NDArray[] forward(NDArray vision, NDArray text, NDArray textBias) {
        NDArray v = visionNorm.forward(vision);
        NDArray t = textNorm.forward(text);
        int hd = width / heads;
        NDArray vq = split(Scalars.mul(visionProj.forward(v), 1 / Math.sqrt(hd)));        // [B, h, Nv, hd]
        NDArray tk = split(textProj.forward(t));                                          // [B, h, Nt, hd]
        NDArray vv = split(valuesVision.forward(v));                                      // [B, h, Nv, hd]
        NDArray tv = split(valuesText.forward(t));                                        // [B, h, Nt, hd]
        NDArray scores = MatMul.of(vq, tk.transpose(0, 1, 3, 2));                         // [B, h, Nv, Nt]
        // text reads every image token (no pixel padding here); image tokens skip padded text
        NDArray toText = MatMul.of(scores.transpose(0, 1, 3, 2).softmax(-1), vv);         // [B, h, Nt, hd]
        NDArray toVision = MatMul.of(scores.add(textBias).softmax(-1), tv);               // [B, h, Nv, hd]
        NDArray dv = outVision.forward(merge(toVision));                                  // [B, Nv, D]
        NDArray dt = outText.forward(merge(toText));                                      // [B, Nt, D]
        NDArray gv = Constants.alongside(dv, params.get(visionParam).reshape(1, 1, -1));
        NDArray gt = Constants.alongside(dt, params.get(textParam).reshape(1, 1, -1));
        return new NDArray[] {v.add(dv.mul(gv)), t.add(dt.mul(gt))};
    }

    private NDArray split(NDArray x) {
        return x.reshape(x.getShape().get(0), x.getShape().get(1), heads, width / heads).transpose(0, 2, 1, 3);
    }

    private NDArray merge(NDArray x) {
        return x.transpose(0, 2, 1, 3).reshape(x.getShape().get(0), x.getShape().get(2), width);
    }
}
