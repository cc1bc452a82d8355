package org.refvlm.llm.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.llm.GenerationConfig;
import org.refvlm.llm.GenerationListener;
import org.refvlm.llm.GenerationResult;
import org.refvlm.llm.KvCache;
import org.refvlm.llm.CausalLanguageModel;
import org.refvlm.llm.LlamaConfig;
import org.refvlm.llm.LmInput;
import org.refvlm.llm.LmOutput;
import org.refvlm.nn.Linear;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.RmsNorm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LLaMA causal LM (Hugging Face {@code LlamaForCausalLM} layout) computed with NDArray ops.
 * Parameters are looked up by name at every forward, so resizing or replacing one needs no
 * rebuild, and the same forward serves inference and autograd training.
 */
public final class LlamaCausalLm implements CausalLanguageModel {
    private static final Logger LOG = LoggerFactory.getLogger(LlamaCausalLm.class);

    private volatile LlamaConfig config;
    private final Parameters params;
    private final Device device;
    private final RotaryEmbedding rope;
    private final List<LlamaDecoderLayer> layers = new ArrayList<>();
    private final RmsNorm finalNorm;

    /** Takes ownership of {@code params}, which must hold exactly {@code config.expectedWeights()}. */
    public LlamaCausalLm(LlamaConfig config, Parameters params) {
        this.config = config;
        this.params = params;
        this.device = params.manager().getDevice();
        this.rope = new RotaryEmbedding(config);
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(new LlamaDecoderLayer(params, i, config));
        }
        this.finalNorm = new RmsNorm(params, "model.norm", config.hiddenSize(), (float) config.rmsNormEps());
        LOG.debug("LLaMA with {} parameters on {}", params.count(), device);
    }

    @Override
    public LlamaConfig config() {
        return config;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    @Override
    public int setTrainable(String prefix, boolean trainable) {
        return params.setTrainable(prefix, trainable);
    }

    @Override
    public KvCache newCache() {
        return new KvCache(params.manager(), config.numHiddenLayers());
    }

    @Override
    public LmOutput forward(LmInput in, KvCache cache, NDManager out) {
        return run(in, cache, out, true);
    }

    @Override
    public NDArray lastHiddenState(LmInput in, NDManager out) {
        return run(in, null, out, false).lastHiddenState();
    }

    @Override
    public NDArray logits(NDArray states) {
        return Linear.apply(states, headWeight(), null).toType(DataType.FLOAT32, false);
    }

    /** The forward pass; without {@code withLogits} the head is skipped and the output has no logits. */
    private LmOutput run(LmInput in, KvCache cache, NDManager out, boolean withLogits) {
        LlamaConfig c = config;
        try (NDManager scope = params.manager().newSubManager()) {
            NDArray x; // [B, L, D]
            boolean callerEmbeds = in.inputIds() == null;
            if (!callerEmbeds) {
                x = embedScoped(scoped(in.inputIds(), scope), scope);
            } else {
                x = scoped(in.inputsEmbeds(), scope);
                if (x.getDataType() != dtype()) {
                    x = x.toType(dtype(), false);
                }
            }
            int b = (int) x.getShape().get(0);
            int len = (int) x.getShape().get(1);
            int past = cache == null ? 0 : cache.length();
            NDArray mask = in.attentionMask() == null ? null : scoped(in.attentionMask(), scope);
            NDArray positions; // [B, L]
            if (in.positionIds() != null) {
                positions = scoped(in.positionIds(), scope);
            } else {
                positions = scope.arange(past, past + len).toType(DataType.INT64, false)
                        .reshape(1, len).broadcast(new Shape(b, len));
            }
            NDArray[] cosSin = rope.cosSin(positions, scope, dtype()); // [B, 1, L, hd] each
            NDArray bias = AttentionBias.build(scope, b, len, past, mask, dtype());
            List<NDArray> hidden = new ArrayList<>();
            if (in.outputHiddenStates()) {
                hidden.add(callerEmbeds ? x.duplicate() : x);
            }
            for (LlamaDecoderLayer layer : layers) {
                x = layer.forward(x, rope, cosSin[0], cosSin[1], bias, cache, scope);
                if (in.outputHiddenStates() && hidden.size() < layers.size()) {
                    hidden.add(x);
                }
            }
            x = finalNorm.forward(x); // [B, L, D]
            if (in.outputHiddenStates()) {
                hidden.add(x);
            }
            NDArray logits = null;
            if (withLogits) {
                NDArray forLogits = in.logitsForLastPositionOnly() ? x.get(new NDIndex(":, -1:, :")) : x;
                logits = logits(forLogits); // [B, L, V]
                logits.attach(out);
            }
            x.attach(out);
            for (NDArray h : hidden) {
                h.attach(out);
            }
            return new LmOutput(logits, hidden, x);
        }
    }

    @Override
    public NDArray embed(NDArray ids, NDManager out) {
        try (NDManager scope = params.manager().newSubManager()) {
            NDArray e = embedScoped(scoped(ids, scope), scope);
            e.attach(out);
            return e;
        }
    }

    @Override
    public GenerationResult generate(NDArray promptIds, NDArray promptEmbeds, NDArray attentionMask,
                                     GenerationConfig generation, GenerationListener listener) {
        return new LlamaGenerator(this).generate(promptIds, promptEmbeds, attentionMask, generation,
                listener == null ? GenerationListener.NONE : listener);
    }

    @Override
    public synchronized void resizeTokenEmbeddings(int newVocabSize) {
        LlamaConfig c = config;
        if (newVocabSize == c.vocabSize()) {
            return;
        }
        params.put("model.embed_tokens.weight", resized(params.get("model.embed_tokens.weight"), newVocabSize));
        if (!c.tieWordEmbeddings()) {
            params.put("lm_head.weight", resized(params.get("lm_head.weight"), newVocabSize));
        }
        config = c.withVocabSize(newVocabSize);
        LOG.info("resized vocabulary {} -> {}", c.vocabSize(), newVocabSize);
    }

    /** [V, D] to [V', D]: rows kept, new rows at the mean row (a neutral start for new tokens). */
    private NDArray resized(NDArray w, int rows) {
        long v = w.getShape().get(0);
        long d = w.getShape().get(1);
        NDManager m = params.manager();
        try (NDArray frozen = w.stopGradient()) {
            NDArray r;
            if (rows <= v) {
                r = frozen.get(new NDIndex(":" + rows)).duplicate();
            } else {
                try (NDArray mean = frozen.mean(new int[] {0}, true)) {
                    r = NDArrays.concat(new NDList(frozen, mean.broadcast(new Shape(rows - v, d))), 0);
                }
            }
            r.attach(m);
            return r;
        }
    }

    /** The compute type: that of the parameters. */
    public DataType dtype() {
        return params.get("model.embed_tokens.weight").getDataType();
    }

    NDArray headWeight() {
        return config.tieWordEmbeddings() ? params.get("model.embed_tokens.weight") : params.get("lm_head.weight");
    }

    private NDArray embedScoped(NDArray ids, NDManager scope) {
        NDArray e = Embedding.embedding(ids.toType(DataType.INT64, false), params.get("model.embed_tokens.weight"),
                SparseFormat.DENSE).singletonOrThrow(); // [B, L, D]
        e.attach(scope);
        return e;
    }

    /** Brings a caller's array onto the model device inside {@code scope} without taking it from the caller. */
    private NDArray scoped(NDArray a, NDManager scope) {
        if (!a.getDevice().equals(device)) {
            NDArray d = a.toDevice(device, true);
            d.attach(scope);
            return d;
        }
        a.tempAttach(scope);
        return a;
    }

    NDManager manager() {
        return params.manager();
    }

    @Override
    public void close() {
        params.close();
    }
}
