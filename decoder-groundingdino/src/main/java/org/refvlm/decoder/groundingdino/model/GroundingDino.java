package org.refvlm.decoder.groundingdino.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.refvlm.nn.AttentionMask;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Conv2d;
import org.refvlm.nn.ConvOptions;
import org.refvlm.nn.GroupNorm;
import org.refvlm.nn.Init;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.Linear;
import org.refvlm.nn.MatMul;
import org.refvlm.nn.Mlp;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Scalars;

/**
 * Grounding DINO ({@code GroundingDinoForObjectDetection} of transformers), parameters named as
 * its checkpoints name them: Swin backbone, multi-scale input projections, BERT + projection for
 * captions, the encoder (fusion, text enhancer, deformable layers), two-stage query selection by
 * the best contrastive score, the decoder with iterative box refinement, and per-layer
 * contrastive class logits and boxes.
 *
 * <p>Images are taken unpadded (every pixel real, as for a batch of same-sized squares), so the
 * valid ratios are 1 and no image token is masked. The forward is differentiable everywhere a
 * gradient flows in transformers (reference boxes are detached between layers, as there).
 */
public final class GroundingDino {

    /**
     * What decoding gives, per decoder layer (the last is the model's answer), and the two-stage
     * selection's own prediction for the chosen proposals: {@code encoderLogits} [B, Q, T] from the
     * selected encoder features and {@code encoderBoxes} [B, Q, 4], both in the graph (the original
     * Grounding DINO trains the encoder's proposals with them; transformers' port detaches them).
     */
    public record Output(List<NDArray> logits, List<NDArray> boxes, NDArray lastHidden, NDArray encoderLogits,
                         NDArray encoderBoxes) {

        /** [B, Q, T] contrastive logits of the last layer. */
        public NDArray finalLogits() {
            return logits.get(logits.size() - 1);
        }

        /** [B, Q, 4] boxes (cx, cy, w, h) in [0, 1] of the last layer. */
        public NDArray finalBoxes() {
            return boxes.get(boxes.size() - 1);
        }
    }

    private final GroundingDinoConfig config;
    private final Parameters params;
    private final SwinBackbone backbone;
    private final BertEncoder bert;
    private final Linear textProjection;
    private final List<Conv2d> inputConvs = new ArrayList<>();
    private final List<GroupNorm> inputNorms = new ArrayList<>();
    private final List<FusionLayer> fusion = new ArrayList<>();
    private final List<TextEnhancerLayer> enhancers = new ArrayList<>();
    private final List<DeformableEncoderLayer> deformable = new ArrayList<>();
    private final Linear encOutput;
    private final LayerNorm encOutputNorm;
    private final Mlp encoderBox;
    private final List<DecoderLayer> decoder = new ArrayList<>();
    private final LayerNorm decoderNorm;
    private final Mlp referenceHead;
    private final List<Mlp> boxHeads = new ArrayList<>();

    /** Declares every parameter on {@code params} (fresh values unless loaded afterwards). */
    public GroundingDino(GroundingDinoConfig c, Parameters params) {
        this.config = c;
        this.params = params;
        float eps = (float) c.layerNormEps();
        int d = c.dModel();
        this.backbone = new SwinBackbone(params, c.swin());
        this.bert = new BertEncoder(params, c.bert());
        this.textProjection = new Linear(params, "model.text_projection", c.bert().hidden(), d);
        List<Integer> channels = c.backboneChannels();
        for (int l = 0; l < c.featureLevels(); l++) {
            String p = "model.input_proj_vision." + l + ".";
            ConvOptions conv = l < channels.size() ? ConvOptions.kernel(1) : ConvOptions.kernel(3).stride(2).padding(1);
            int in = l < channels.size() ? channels.get(l) : (l == channels.size() ? channels.get(channels.size() - 1) : d);
            inputConvs.add(new Conv2d(params, p + "0", in, d, conv));
            inputNorms.add(new GroupNorm(params, p + "1", 32, d));
        }
        params.declare("model.level_embed", new Shape(c.featureLevels(), d), Init.normal(1));
        params.declare("model.query_position_embeddings.weight", new Shape(c.numQueries(), d), Init.normal(1));
        for (int i = 0; i < c.encoderLayers(); i++) {
            String p = "model.encoder.layers." + i + ".";
            fusion.add(new FusionLayer(params, p + "fusion_layer.", d, c.fusionDim(), c.textHeads(), eps));
            enhancers.add(new TextEnhancerLayer(params, p + "text_enhancer_layer.", d, c.textHeads(), c.fusionDim(), eps));
            deformable.add(new DeformableEncoderLayer(params, p + "deformable_layer.", c, eps));
        }
        this.encOutput = new Linear(params, "model.enc_output", d, d);
        this.encOutputNorm = new LayerNorm(params, "model.enc_output_norm", d, eps);
        this.encoderBox = new Mlp(params, "model.encoder_output_bbox_embed", d, d, 4, 3, NonLinearity.RELU);
        for (int i = 0; i < c.decoderLayers(); i++) {
            decoder.add(new DecoderLayer(params, "model.decoder.layers." + i + ".", c, eps));
        }
        this.decoderNorm = new LayerNorm(params, "model.decoder.layer_norm", d, eps);
        this.referenceHead = new Mlp(params, "model.decoder.reference_points_head", 2L * d, d, d, 2, NonLinearity.RELU);
        for (int i = 0; i < (c.decoderBoxEmbedShare() ? 1 : c.decoderLayers()); i++) {
            boxHeads.add(new Mlp(params, "bbox_embed." + i, d, d, 4, 3, NonLinearity.RELU));
        }
    }

    public GroundingDinoConfig config() {
        return config;
    }

    public Parameters parameters() {
        return params;
    }

    /** {@link #encodeCaption(long[][], long[][], Set, NDManager)} with bert-base-uncased's cutting tokens. */
    public TextTokens encodeCaption(long[][] ids, long[][] attentionMask, NDManager m) {
        return encodeCaption(ids, attentionMask, TextPrompt.BERT_UNCASED_CUTS, m);
    }

    /**
     * BERT + projection over tokenised captions, with Grounding DINO's phrase masks.
     *
     * @param ids           [B][T] token ids
     * @param attentionMask [B][T] 1 for real tokens, 0 for padding
     * @param cuts          the ids of the tokens that cut phrases ({@link TextPrompt#cuts})
     */
    public TextTokens encodeCaption(long[][] ids, long[][] attentionMask, Set<Long> cuts, NDManager m) {
        int b = ids.length;
        int t = ids[0].length;
        long[] flat = new long[b * t];
        float[] real = new float[b * t];
        float[] self = new float[b * t * t];
        float[] pos = new float[b * t];
        for (int i = 0; i < b; i++) {
            if (ids[i].length != t || attentionMask[i].length != t) {
                throw new IllegalArgumentException("caption rows must all have " + t + " tokens and mask entries");
            }
            float[][] phrase = TextPrompt.phraseMasks(ids[i], cuts);
            System.arraycopy(phrase[0], 0, self, i * t * t, t * t);
            System.arraycopy(phrase[1], 0, pos, i * t, t);
            for (int j = 0; j < t; j++) {
                flat[i * t + j] = ids[i][j];
                real[i * t + j] = attentionMask[i][j];
            }
        }
        if (t > config.maxTextLen()) {
            throw new IllegalArgumentException("caption of " + t + " tokens exceeds max_text_len " + config.maxTextLen());
        }
        NDArray idArray = Constants.owned(m.create(flat, new Shape(b, t)));
        NDArray selfMask = Constants.of(m, self, new Shape(b, t, t));
        NDArray positions = Constants.of(m, pos, new Shape(b, t));
        NDArray hidden = bert.forward(idArray, positions.toType(DataType.INT64, false), bias(selfMask).expandDims(1));
        NDArray features = textProjection.forward(hidden);                                     // [B, T, D]
        return new TextTokens(features, Constants.of(m, real, new Shape(b, t)).gt(0.5f), selfMask.gt(0.5f), positions);
    }

    /**
     * @param pixels [B, 3, H, W] normalised with ImageNet's mean and deviation
     * @param text   the text tokens (a caption's or the projected {@code <REF>}s)
     */
    public Output forward(NDArray pixels, TextTokens text) {
        return forward(pixels, text, false);
    }

    /**
     * The same forward for inference only: each layer's intermediates are freed as soon as the
     * layer is done (at the Hugging Face size and 800 pixels they would otherwise add up to tens of
     * gigabytes). No gradient may be taken through the result.
     */
    public Output infer(NDArray pixels, TextTokens text) {
        return forward(pixels, text, true);
    }

    /** Runs {@code body}; when {@code free}, closes every array it made except those it returns. */
    static NDArray[] scoped(boolean free, Supplier<NDArray[]> body) {
        if (!free) {
            return body.get();
        }
        try (NDScope scope = new NDScope()) {
            NDArray[] out = body.get();
            NDScope.unregister(out);
            return out;
        }
    }

    private Output forward(NDArray pixels, TextTokens text, boolean free) {
        NDManager m = pixels.getManager();
        int d = config.dModel();
        long b = pixels.getShape().get(0);
        // multi-scale image tokens
        List<NDArray> maps = backbone.forward(pixels, free);
        List<NDArray> levels = new ArrayList<>();
        for (int l = 0; l < config.featureLevels(); l++) {
            NDArray source = l < maps.size() ? maps.get(l) : (l == maps.size() ? maps.get(maps.size() - 1) : levels.get(l - 1));
            levels.add(inputNorms.get(l).forward(inputConvs.get(l).forward(source)));           // [B, D, h, w]
        }
        List<int[]> shapes = new ArrayList<>();
        NDList flat = new NDList();
        NDList position = new NDList();
        NDList centres = new NDList();
        NDArray levelEmbed = params.get("model.level_embed");
        for (int l = 0; l < levels.size(); l++) {
            NDArray map = levels.get(l);
            int h = (int) map.getShape().get(2);
            int w = (int) map.getShape().get(3);
            shapes.add(new int[] {h, w});
            flat.add(map.reshape(b, d, (long) h * w).transpose(0, 2, 1));                      // [B, hw, D]
            NDArray embed = Constants.alongside(map, levelEmbed.get(l).reshape(1, d));
            position.add(SineEmbeddings.grid(m, h, w, d, config.positionTemperature()).add(embed)); // [hw, D]
            centres.add(Constants.of(m, Proposals.centres(h, w), new Shape((long) h * w, 2)));
        }
        NDArray vision = NDArrays.concat(flat, 1);                                             // [B, S, D]
        NDArray pos = NDArrays.concat(position, 0).expandDims(0);                              // [1, S, D]
        long s = vision.getShape().get(1);
        NDArray encoderRefs = NDArrays.concat(centres, 0).expandDims(0).repeat(0, b);          // [B, S, 2]

        // encoder: fusion, text enhancer, deformable self-attention
        NDArray textFeatures = text.features();
        NDArray padBias = bias(text.tokenMask()).expandDims(1).expandDims(1);                 // [B, 1, 1, T]
        NDArray selfBias = bias(text.selfMask()).expandDims(1);                               // [B, 1, T, T]
        NDArray textPos = SineEmbeddings.coordinates(text.positionIds().expandDims(-1), d, false); // [B, T, D]
        for (int i = 0; i < config.encoderLayers(); i++) {
            int layer = i;
            NDArray v0 = vision;
            NDArray t0 = textFeatures;
            NDArray[] out = scoped(free, () -> {
                NDArray[] fused = fusion.get(layer).forward(v0, t0, padBias);
                NDArray t = enhancers.get(layer).forward(fused[1], textPos, selfBias);
                return new NDArray[] {deformable.get(layer).forward(fused[0], pos, encoderRefs, shapes), t};
            });
            vision = out[0];
            textFeatures = out[1];
        }

        // two-stage selection: every image token proposes a box; the best-scoring ones start the decoder
        float[][] proposal = Proposals.logits(shapes);
        NDArray valid = Constants.of(m, proposal[1], new Shape(1, s, 1));                      // [1, S, 1]
        NDArray anchors = Constants.of(m, proposal[0], new Shape(1, s, 4));                    // [1, S, 4] logits
        NDArray objects = encOutputNorm.forward(encOutput.forward(vision.mul(valid)));         // [B, S, D]
        NDArray encScores = MatMul.of(objects, textFeatures.transpose(0, 2, 1)).add(padBias.squeeze(1)); // [B, S, T]
        NDArray encBoxes = encoderBox.forward(objects).add(anchors);                           // [B, S, 4] logits
        int q = config.numQueries();
        if (q > s) {
            throw new IllegalArgumentException(q + " queries need at least as many image tokens; the image gives " + s);
        }
        NDArray best = encScores.stopGradient().max(new int[] {-1});                           // [B, S]
        NDArray top = best.topK(q, 1, true, true).get(1);                                      // [B, Q] int64
        NDArray chosenBoxes = Activation.sigmoid(encBoxes.gather(top.expandDims(-1).repeat(2, 4), 1)); // [B, Q, 4]
        NDArray chosen = objects.gather(top.expandDims(-1).repeat(2, d), 1);                   // [B, Q, D]
        NDArray encoderLogits = MatMul.of(chosen, textFeatures.transpose(0, 2, 1));             // [B, Q, T]
        NDArray reference = chosenBoxes.stopGradient();                                        // [B, Q, 4]
        NDArray queries = Constants.alongside(vision,
                params.get("model.query_position_embeddings.weight").expandDims(0).repeat(0, b)); // [B, Q, D]

        // decoder with iterative box refinement
        List<NDArray> hidden = new ArrayList<>();
        List<NDArray> refs = new ArrayList<>();
        refs.add(reference);
        NDArray h = queries;
        for (int i = 0; i < decoder.size(); i++) {
            int layer = i;
            NDArray h0 = h;
            NDArray ref0 = reference;
            NDArray v = vision;
            NDArray t = textFeatures;
            NDArray[] out = scoped(free, () -> {
                NDArray queryPos = referenceHead.forward(SineEmbeddings.coordinates(ref0, d / 2, true)); // [B, Q, D]
                NDArray next = decoder.get(layer).forward(h0, queryPos, ref0, v, shapes, t, padBias);
                NDArray refined = Activation.sigmoid(boxHead(layer).forward(next).add(inverseSigmoid(ref0)));
                return new NDArray[] {next, refined.stopGradient(), decoderNorm.forward(next)};
            });
            h = out[0];
            reference = out[1];
            refs.add(reference);
            hidden.add(out[2]);
        }
        List<NDArray> logits = new ArrayList<>();
        List<NDArray> boxes = new ArrayList<>();
        NDArray textT = textFeatures.transpose(0, 2, 1);                                       // [B, D, T]
        for (int l = 0; l < hidden.size(); l++) {
            logits.add(MatMul.of(hidden.get(l), textT));                                       // [B, Q, T]
            boxes.add(Activation.sigmoid(boxHead(l).forward(hidden.get(l)).add(inverseSigmoid(refs.get(l)))));
        }
        return new Output(logits, boxes, hidden.get(hidden.size() - 1), encoderLogits, chosenBoxes);
    }

    /**
     * transformers' {@code logits}: padded text columns set to -inf and the columns extended with
     * -inf to {@code max_text_len}. [B, Q, T] -> [B, Q, max_text_len]
     */
    public NDArray paddedLogits(NDArray logits, NDArray tokenMask) {
        long b = logits.getShape().get(0);
        long q = logits.getShape().get(1);
        long t = logits.getShape().get(2);
        NDArray ninf = logits.getManager().full(new Shape(b, q, t), Float.NEGATIVE_INFINITY);
        NDArray masked = NDArrays.where(tokenMask.expandDims(1).repeat(1, q), logits, ninf);
        if (t == config.maxTextLen()) {
            return masked;
        }
        NDArray rest = logits.getManager().full(new Shape(b, q, config.maxTextLen() - t), Float.NEGATIVE_INFINITY);
        return NDArrays.concat(new NDList(masked, rest), 2);
    }

    private Mlp boxHead(int layer) {
        return boxHeads.get(config.decoderBoxEmbedShare() ? 0 : layer);
    }

    /** torch.special.logit(p, eps=1e-5): p clamped to [eps, 1 - eps]. */
    private static NDArray inverseSigmoid(NDArray p) {
        NDArray c = p.clip(1e-5, 1 - 1e-5);
        return c.div(c.neg().add(1f)).log();
    }

    /** A boolean mask as an additive score bias: 0 where true, {@link AttentionMask#MASKED} where false. */
    private static NDArray bias(NDArray mask) {
        NDArray f = mask.toType(DataType.FLOAT32, false);
        return Scalars.mul(f.neg().add(1f), AttentionMask.MASKED);
    }
}
