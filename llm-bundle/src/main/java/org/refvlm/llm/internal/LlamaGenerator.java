package org.refvlm.llm.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.refvlm.llm.GenerationConfig;
import org.refvlm.llm.GenerationListener;
import org.refvlm.llm.GenerationResult;
import org.refvlm.llm.GenerationStep;
import org.refvlm.llm.KvCache;
import org.refvlm.llm.LmInput;
import org.refvlm.llm.LmOutput;
import org.refvlm.api.model.ContextLengthException;

/**
 * The decoding loop. With the cache, step 0 feeds the prompt and later steps feed one token;
 * without it every step re-feeds the whole sequence. Both compute positions from the attention
 * mask as transformers' generate does (cumulative sum - 1), so left-padded batches decode right.
 */
final class LlamaGenerator {
    private final LlamaCausalLm model;

    LlamaGenerator(LlamaCausalLm model) {
        this.model = model;
    }

    GenerationResult generate(NDArray promptIds, NDArray promptEmbeds, NDArray attentionMask, GenerationConfig cfg,
                              GenerationListener listener) {
        if ((promptIds == null) == (promptEmbeds == null)) {
            throw new IllegalArgumentException("give exactly one of prompt ids and prompt embeddings");
        }
        NDArray prompt = promptIds != null ? promptIds : promptEmbeds;
        int b = (int) prompt.getShape().get(0);
        int p = (int) prompt.getShape().get(1);
        long[] ids = promptIds != null ? promptIds.toType(DataType.INT64, false).toLongArray() : null;
        long[] mask0 = attentionMask != null ? attentionMask.toType(DataType.INT64, false).toLongArray() : null;
        // The context bounds every sequence: a prompt that fills it is refused before any forward
        // (attention memory grows with its square), and generation stops where it is full.
        int context = model.config().maxPositionEmbeddings();
        ContextLengthException.check(p, context);
        int maxNew = Math.min(cfg.maxNewTokens(), context - p);
        if (cfg.maxLength() > 0) {
            maxNew = Math.min(maxNew, cfg.maxLength() - p);
        }
        Set<Long> stops = new HashSet<>(cfg.stopTokenIds());
        List<List<Long>> rows = new ArrayList<>();
        List<List<Long>> maskRows = new ArrayList<>();
        for (int r = 0; r < b; r++) {
            List<Long> row = new ArrayList<>();
            List<Long> m = new ArrayList<>();
            for (int i = 0; i < p; i++) {
                if (ids != null) {
                    row.add(ids[r * p + i]);
                }
                m.add(mask0 == null ? 1L : mask0[r * p + i]);
            }
            rows.add(row);
            maskRows.add(m);
        }
        int promptLength = ids != null ? p : 0;
        boolean[] finished = new boolean[b];
        LogitsSampler sampler = new LogitsSampler(cfg);
        int steps = 0;
        try (NDManager gen = model.manager().newSubManager();
             KvCache cache = cfg.useCache() ? model.newCache() : null) {
            NDArray embeds = null;
            if (promptEmbeds != null) {
                embeds = promptEmbeds.toDevice(model.device(), true);
                embeds.attach(gen);
                if (embeds.getDataType() != model.dtype()) {
                    embeds = embeds.toType(model.dtype(), false);
                }
            }
            for (int s = 0; s < maxNew; s++) {
                try (NDManager scope = gen.newSubManager()) {
                    int total = maskRows.get(0).size();
                    boolean incremental = cache != null && s > 0;
                    int fedFrom = incremental ? total - 1 : 0;
                    int fed = total - fedFrom;
                    NDArray maskArr = scope.create(flatten(maskRows, 0, total), new Shape(b, total));
                    NDArray posArr = scope.create(positions(maskRows, fedFrom, total), new Shape(b, fed));
                    LmInput in;
                    if (ids != null) {
                        NDArray idArr = scope.create(flatten(rows, fedFrom, total), new Shape(b, fed));
                        in = new LmInput(idArr, null, maskArr, posArr, false, true);
                    } else if (s == 0) {
                        in = new LmInput(null, embeds, maskArr, posArr, false, true);
                    } else if (incremental) {
                        NDArray idArr = scope.create(flatten(rows, rows.get(0).size() - 1, rows.get(0).size()),
                                new Shape(b, 1));
                        in = new LmInput(null, model.embed(idArr, scope), maskArr, posArr, false, true);
                    } else {
                        NDArray idArr = scope.create(flatten(rows, 0, rows.get(0).size()),
                                new Shape(b, rows.get(0).size()));
                        NDArray all = NDArrays.concat(new NDList(embeds, model.embed(idArr, scope)), 1);
                        all.attach(scope);
                        in = new LmInput(null, all, maskArr, posArr, false, true);
                    }
                    LmOutput out = model.forward(in, cache, scope);
                    steps++;
                    long[] next = next(out.logits(), finished, sampler, cfg);
                    // Without the cache only the newest position is new information after step 0.
                    // Listeners get float32 whatever the compute type, so host copies always work.
                    NDArray states = out.lastHiddenState().toType(DataType.FLOAT32, false);
                    if (!incremental && s > 0) {
                        states = states.get(new NDIndex(":, -1:, :"));
                    }
                    int statesFrom = s == 0 ? 0 : total - 1;
                    listener.onStep(new GenerationStep(s, statesFrom, states, next));
                    boolean all = true;
                    for (int r = 0; r < b; r++) {
                        rows.get(r).add(next[r]);
                        maskRows.get(r).add(1L);
                        if (stops.contains(next[r])) {
                            finished[r] = true;
                        }
                        all &= finished[r];
                    }
                    if (all) {
                        break;
                    }
                }
            }
        }
        long[][] seq = new long[b][];
        for (int r = 0; r < b; r++) {
            seq[r] = rows.get(r).stream().mapToLong(Long::longValue).toArray();
        }
        return new GenerationResult(seq, promptLength, steps);
    }

    /**
     * The next token of every row. The choice needs the host (stop tokens, listeners), but greedy
     * decoding takes the argmax on the device and copies B numbers instead of B x V logits; the
     * engine's argmax, like {@link LogitsSampler#argMax}, takes the first maximal index.
     *
     * @param logits [B, 1, V]
     */
    private static long[] next(NDArray logits, boolean[] finished, LogitsSampler sampler, GenerationConfig cfg) {
        int b = finished.length;
        long[] next = new long[b];
        if (!cfg.doSample()) {
            long[] best = logits.argMax(-1).toType(DataType.INT64, false).toLongArray(); // [B, 1]
            for (int r = 0; r < b; r++) {
                next[r] = finished[r] ? cfg.padTokenId() : best[r];
            }
            return next;
        }
        float[] all = logits.toType(DataType.FLOAT32, false).toFloatArray();
        int v = all.length / b;
        for (int r = 0; r < b; r++) {
            if (finished[r]) {
                next[r] = cfg.padTokenId();
            } else {
                float[] row = new float[v];
                System.arraycopy(all, r * v, row, 0, v);
                next[r] = sampler.choose(row);
            }
        }
        return next;
    }

    private static long[] flatten(List<List<Long>> rows, int from, int to) {
        long[] out = new long[rows.size() * (to - from)];
        int k = 0;
        for (List<Long> row : rows) {
            for (int i = from; i < to; i++) {
                out[k++] = row.get(i);
            }
        }
        return out;
    }

    /** cumsum(mask) - 1, with 1 at padded positions, for columns [from, to). */
    private static long[] positions(List<List<Long>> masks, int from, int to) {
        long[] out = new long[masks.size() * (to - from)];
        int k = 0;
        for (List<Long> m : masks) {
            long cum = 0;
            for (int i = 0; i < to; i++) {
                cum += m.get(i);
                if (i >= from) {
                    out[k++] = m.get(i) == 0 ? 1 : cum - 1;
                }
            }
        }
        return out;
    }
}
