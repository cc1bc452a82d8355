package org.refvlm.decoder.groundingdino.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.decoder.groundingdino.model.GroundingDinoConfig.BertConfig;
import org.refvlm.nn.Embedding;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.Linear;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;

/**
 * BERT as Grounding DINO runs it for text prompts ({@code model.text_backbone.}, no pooler):
 * position ids restart inside each phrase and attention is confined to the phrase (both from
 * {@link TextPrompt}), token type 0 throughout; post-norm layers with exact GELU.
 */
final class BertEncoder {

    static final String PREFIX = "model.text_backbone.";

    private final Embedding words;
    private final Embedding positions;
    private final Embedding types;
    private final LayerNorm embedNorm;
    private final List<Layer> layers = new ArrayList<>();

    BertEncoder(Parameters params, BertConfig c) {
        float eps = (float) c.eps();
        this.words = new Embedding(params, PREFIX + "embeddings.word_embeddings", c.vocab(), c.hidden());
        this.positions = new Embedding(params, PREFIX + "embeddings.position_embeddings", c.maxPositions(), c.hidden());
        this.types = new Embedding(params, PREFIX + "embeddings.token_type_embeddings", c.typeVocab(), c.hidden());
        this.embedNorm = new LayerNorm(params, PREFIX + "embeddings.LayerNorm", c.hidden(), eps);
        for (int i = 0; i < c.layers(); i++) {
            layers.add(new Layer(params, PREFIX + "encoder.layer." + i + ".", c, eps));
        }
    }

    /**
     * @param ids        [B, T] int64 token ids
     * @param positionIds [B, T] int64
     * @param selfBias   [B, 1, T, T] additive attention bias (0 or a large negative)
     * @return [B, T, hidden]
     */
    NDArray forward(NDArray ids, NDArray positionIds, NDArray selfBias) {
        NDArray typeIds = ids.zerosLike();
        NDArray x = words.lookup(ids).add(types.lookup(typeIds)).add(positions.lookup(positionIds));
        x = embedNorm.forward(x);
        for (Layer layer : layers) {
            x = layer.forward(x, selfBias);
        }
        return x;
    }

    private static final class Layer {
        private final NamedAttention attention;
        private final LayerNorm attentionNorm;
        private final Linear intermediate;
        private final Linear output;
        private final LayerNorm outputNorm;

        Layer(Parameters params, String p, BertConfig c, float eps) {
            this.attention = new NamedAttention(params, p, NamedAttention.BERT, c.hidden(), c.heads());
            this.attentionNorm = new LayerNorm(params, p + "attention.output.LayerNorm", c.hidden(), eps);
            this.intermediate = new Linear(params, p + "intermediate.dense", c.hidden(), c.intermediate());
            this.output = new Linear(params, p + "output.dense", c.intermediate(), c.hidden());
            this.outputNorm = new LayerNorm(params, p + "output.LayerNorm", c.hidden(), eps);
        }

        NDArray forward(NDArray x, NDArray bias) {
            NDArray h = attentionNorm.forward(x.add(attention.forward(x, x, x, bias)));
            return outputNorm.forward(h.add(output.forward(NonLinearity.gelu(intermediate.forward(h)))));
        }
    }
}
