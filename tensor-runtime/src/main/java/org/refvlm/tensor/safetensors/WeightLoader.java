package org.refvlm.tensor.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads exactly the tensors a model expects, after checking every name and shape. Checking
 * happens before any tensor is read so a mismatched checkpoint costs nothing to reject.
 *
 * @param what           model description used in messages
 * @param prefixes       accepted name prefixes, tried in order (e.g. "" and "visual.trunk."): the
 *                       first one under which some expected name is found is used, and checkpoint
 *                       names outside it belong to other models and are ignored
 * @param ignored        patterns (on names after prefix removal) that may be present and unused,
 *                       e.g. buffers such as {@code rotary_emb.inv_freq} or a classifier head
 * @param optional       patterns of expected names that may be absent (e.g. a tied lm_head)
 * @param floatType      type floating tensors are converted to on load (FLOAT32 or FLOAT16; null = as stored)
 */
public record WeightLoader(String what, List<String> prefixes, List<Pattern> ignored, List<Pattern> optional,
                           DataType floatType) {
    private static final Logger LOG = LoggerFactory.getLogger(WeightLoader.class);

    public WeightLoader {
        prefixes = List.copyOf(prefixes.isEmpty() ? List.of("") : prefixes);
        ignored = List.copyOf(ignored);
        optional = List.copyOf(optional);
    }

    /** Loader for names as they are, nothing ignored, floats loaded as FLOAT32. */
    public static WeightLoader strict(String what) {
        return new WeightLoader(what, List.of(""), List.of(), List.of(), DataType.FLOAT32);
    }

    /** Same loader converting floating tensors to {@code type}. */
    public WeightLoader withFloatType(DataType type) {
        return new WeightLoader(what, prefixes, ignored, optional, type);
    }

    public WeightLoader withPrefixes(String... p) {
        return new WeightLoader(what, Arrays.asList(p), ignored, optional, floatType);
    }

    public WeightLoader ignoring(String... regex) {
        List<Pattern> l = new ArrayList<>(ignored);
        for (String r : regex) {
            l.add(Pattern.compile(r));
        }
        return new WeightLoader(what, prefixes, l, optional, floatType);
    }

    public WeightLoader allowingMissing(String... regex) {
        List<Pattern> l = new ArrayList<>(optional);
        for (String r : regex) {
            l.add(Pattern.compile(r));
        }
        return new WeightLoader(what, prefixes, ignored, l, floatType);
    }

    /** Picks the prefix under which the checkpoint holds this model. */
    public String choosePrefix(TensorSource source, Map<String, Shape> expected) {
        for (String p : prefixes) {
            for (String name : expected.keySet()) {
                if (source.names().contains(p + name)) {
                    return p;
                }
            }
        }
        return prefixes.get(0);
    }

    /** Checks names and shapes; throws one exception listing every problem. */
    public String check(TensorSource source, Map<String, Shape> expected) throws WeightMismatchException {
        String prefix = choosePrefix(source, expected);
        List<String> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (Map.Entry<String, Shape> e : new TreeMap<>(expected).entrySet()) {
            String full = prefix + e.getKey();
            if (!source.names().contains(full)) {
                if (!matchesAny(optional, e.getKey())) {
                    missing.add(full);
                }
                continue;
            }
            long[] found = source.info(full).shape();
            if (!Arrays.equals(found, e.getValue().getShape())) {
                wrong.add(full + ": expected " + e.getValue() + " found " + new Shape(found));
            }
        }
        for (String name : source.names()) {
            if (!name.startsWith(prefix)) {
                continue;
            }
            String local = name.substring(prefix.length());
            if (!expected.containsKey(local) && !matchesAny(ignored, local)) {
                unexpected.add(name);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !wrong.isEmpty()) {
            throw new WeightMismatchException(what, missing, unexpected, wrong);
        }
        return prefix;
    }

    /**
     * Checks, then loads every expected tensor present onto {@code manager}; keys of the result
     * are the model's own names (prefix removed).
     */
    public Map<String, NDArray> load(TensorSource source, Map<String, Shape> expected, NDManager manager)
            throws IOException {
        String prefix = check(source, expected);
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String name : expected.keySet()) {
            String full = prefix + name;
            if (source.names().contains(full)) {
                NDArray a = source.load(full, manager, floatType);
                a.setName(name);
                out.put(name, a);
            }
        }
        LOG.debug("loaded {} tensors for {} (prefix '{}')", out.size(), what, prefix);
        return out;
    }

    private static boolean matchesAny(List<Pattern> patterns, String name) {
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }
}
