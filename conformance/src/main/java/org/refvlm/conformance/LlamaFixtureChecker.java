package org.refvlm.conformance;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.refvlm.llm.GenerationConfig;
import org.refvlm.llm.GenerationResult;
import org.refvlm.llm.CausalLanguageModel;
import org.refvlm.llm.LlamaModels;
import org.refvlm.llm.LmInput;
import org.refvlm.llm.LmOutput;

/**
 * {@code llama-causal-lm} fixtures. Cases are recognised by their golden tensors, not their
 * names, so new fixtures with other cases of the same three shapes run too: ids + logits
 * (padded forward), inputs_embeds + logits, ids + sequences (greedy decoding).
 */
final class LlamaFixtureChecker implements FixtureChecker {

    @Override
    public List<CaseResult> run(Path folder, Manifest manifest, Device device) throws Exception {
        List<CaseResult> results = new ArrayList<>();
        try (CausalLanguageModel model = LlamaModels.load(folder, device);
             Golden g = new Golden(folder);
             NDManager manager = LlamaModels.engine().newBaseManager(device)) {
            for (Manifest.Case c : manifest.cases()) {
                String p = c.name() + ".";
                try (NDManager m = manager.newSubManager()) {
                    if (g.has(p + "in.input_ids") && g.has(p + "out.sequences")) {
                        results.addAll(greedy(folder, model, g, c, m));
                    } else if (g.has(p + "in.inputs_embeds")) {
                        results.add(forward(model, g, c, m, true));
                    } else if (g.has(p + "in.input_ids")) {
                        results.add(forward(model, g, c, m, false));
                    } else {
                        results.add(CaseResult.error(c.name(), "no recognised inputs in golden.safetensors"));
                    }
                } catch (Exception e) {
                    results.add(CaseResult.error(c.name(), e.toString()));
                }
            }
        }
        return results;
    }

    private CaseResult forward(CausalLanguageModel model, Golden g, Manifest.Case c, NDManager m, boolean embeds)
            throws Exception {
        String p = c.name() + ".";
        NDArray mask = g.has(p + "in.attention_mask") ? g.array(p + "in.attention_mask", m) : null;
        long[] maskHost = mask == null ? null : mask.toLongArray();
        LmInput in = embeds ? LmInput.embeds(g.array(p + "in.inputs_embeds", m), mask)
                : LmInput.ids(g.array(p + "in.input_ids", m), mask);
        LmOutput out = model.forward(in, null, m);
        long[] s = out.logits().getShape().getShape();
        int positions = (int) (s[0] * s[1]);
        double worst = 0;
        StringBuilder what = new StringBuilder();
        for (String name : outputs(g, p)) {
            float[] expected = g.floats(name);
            NDArray actual = pick(out, name.substring((p + "out.").length()));
            if (actual == null) {
                return CaseResult.error(c.name(), "no model output for " + name);
            }
            double d = Diffs.maxAbsMasked(actual.toFloatArray(), expected, maskHost, positions);
            worst = Math.max(worst, d);
            what.append(name.substring(p.length() + 4)).append(' ');
        }
        return CaseResult.numeric(c.name(), worst, c.atol(), what.toString().trim()
                + (maskHost != null ? " (unmasked positions)" : ""));
    }

    private List<CaseResult> greedy(Path folder, CausalLanguageModel model, Golden g, Manifest.Case c, NDManager m)
            throws Exception {
        String p = c.name() + ".";
        long[] expected = g.longs(p + "out.sequences");
        long[] expShape = g.shape(p + "out.sequences");
        NDArray ids = g.array(p + "in.input_ids", m);
        NDArray mask = g.has(p + "in.attention_mask") ? g.array(p + "in.attention_mask", m) : null;
        int prompt = (int) ids.getShape().get(1);
        int newTokens = (int) expShape[1] - prompt;
        GenerationConfig cfg = GenerationConfig.greedy(newTokens, stopTokens(folder, model), padToken(folder, model));
        List<CaseResult> out = new ArrayList<>();
        GenerationResult withCache = model.generate(ids, null, mask, cfg, null);
        out.add(CaseResult.exact(c.name(), mismatches(withCache.sequences(), expected, expShape),
                "sequences with KV cache " + describe(withCache.sequences())));
        GenerationResult noCache = model.generate(ids, null, mask, cfg.withCache(false), null);
        out.add(CaseResult.exact(c.name() + "[no-cache]", mismatches(noCache.sequences(), expected, expShape),
                "sequences without KV cache"));
        return out;
    }

    private static List<String> outputs(Golden g, String p) {
        List<String> names = new ArrayList<>();
        names.addAll(g.withPrefix(p + "out.logits"));
        names.addAll(g.withPrefix(p + "out.last_hidden_state"));
        names.addAll(g.withPrefix(p + "out.hidden_states."));
        return names;
    }

    private static NDArray pick(LmOutput out, String key) {
        if (key.equals("logits")) {
            return out.logits();
        }
        if (key.equals("last_hidden_state")) {
            return out.lastHiddenState();
        }
        if (key.startsWith("hidden_states.")) {
            int i = Integer.parseInt(key.substring("hidden_states.".length()));
            return i < out.hiddenStates().size() ? out.hiddenStates().get(i) : null;
        }
        return null;
    }

    private static long mismatches(long[][] actual, long[] expected, long[] shape) {
        long bad = 0;
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        if (actual.length != rows) {
            return Math.max(1, expected.length);
        }
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < Math.max(cols, actual[r].length); i++) {
                boolean ok = i < cols && i < actual[r].length && actual[r][i] == expected[r * cols + i];
                if (!ok) {
                    bad++;
                }
            }
        }
        return bad;
    }

    private static String describe(long[][] seq) {
        return seq.length == 1 ? java.util.Arrays.toString(seq[0]) : seq.length + " rows";
    }

    /** eos ids from generation_config.json (what generate() uses), else from the model config. */
    private static List<Long> stopTokens(Path folder, CausalLanguageModel model) throws Exception {
        Set<Long> ids = new LinkedHashSet<>();
        Path gc = folder.resolve("generation_config.json");
        if (Files.exists(gc)) {
            JsonNode n = new ObjectMapper().readTree(gc.toFile()).get("eos_token_id");
            if (n != null && n.isArray()) {
                n.forEach(x -> ids.add(x.asLong()));
            } else if (n != null && !n.isNull()) {
                ids.add(n.asLong());
            }
        }
        if (ids.isEmpty()) {
            model.config().eosTokenIds().forEach(i -> ids.add(i.longValue()));
        }
        return new ArrayList<>(ids);
    }

    private static long padToken(Path folder, CausalLanguageModel model) throws Exception {
        Path gc = folder.resolve("generation_config.json");
        if (Files.exists(gc)) {
            JsonNode n = new ObjectMapper().readTree(gc.toFile()).get("pad_token_id");
            if (n != null && !n.isNull()) {
                return n.asLong();
            }
        }
        int pad = model.config().padTokenId();
        return pad >= 0 ? pad : model.config().eosTokenIds().get(0);
    }
}
