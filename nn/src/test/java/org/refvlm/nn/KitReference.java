package org.refvlm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One file of {@code src/test/resources/kit/}, written by {@code src/test/python/kit_references.py}:
 * inputs, parameters named as the kit names them, and the numpy reference's outputs.
 */
final class KitReference {

    /** Every value is read as a decimal string, so Float.parseFloat rounds it once, to the bits numpy wrote. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final String name;
    private final JsonNode root;

    private KitReference(String name, JsonNode root) {
        this.name = name;
        this.root = root;
    }

    /** {@code kit/<name>.json} from the test class path. */
    static KitReference load(String name) {
        String resource = "/kit/" + name + ".json";
        try (InputStream in = KitReference.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path; run"
                        + " src/test/python/kit_references.py");
            }
            return new KitReference(name, JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode config() {
        return root.get("config");
    }

    /** An input as a FLOAT32 array in engine-owned storage. */
    NDArray input(NDManager manager, String tensor) {
        return array(manager, node("inputs", tensor));
    }

    /** A 0/1 input as the boolean mask the kit's {@link AttentionMask} takes. */
    NDArray booleanInput(NDManager manager, String tensor) {
        return input(manager, tensor).toType(DataType.BOOLEAN, false);
    }

    /** The reference output {@code tensor}. */
    Expected expected(String tensor) {
        JsonNode n = node("expected", tensor);
        return new Expected(name + "/" + tensor, shape(n), floats(n));
    }

    /** Names of the parameters under {@code prefix} (all for ""), in file order. */
    List<String> parameterNames(String prefix) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = root.get("params").fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (prefix.isEmpty() || n.startsWith(prefix + ".")) {
                names.add(n);
            }
        }
        return names;
    }

    /**
     * Puts every parameter under {@code prefix} into {@code params} before the layer is built, so
     * the layer's {@code declare} only checks their shapes.
     *
     * @return their names
     */
    List<String> putParameters(Parameters params, String prefix) {
        List<String> names = parameterNames(prefix);
        for (String n : names) {
            params.put(n, array(params.manager(), node("params", n)));
        }
        return names;
    }

    /** The row-major values of parameter {@code tensor}. */
    float[] parameter(String tensor) {
        return floats(node("params", tensor));
    }

    private JsonNode node(String group, String tensor) {
        JsonNode n = root.get(group).get(tensor);
        if (n == null) {
            throw new IllegalArgumentException(name + ".json has no " + group + " tensor '" + tensor + "'");
        }
        return n;
    }

    private static NDArray array(NDManager manager, JsonNode n) {
        return Constants.of(manager, floats(n), shape(n));
    }

    private static Shape shape(JsonNode n) {
        JsonNode s = n.get("shape");
        long[] dims = new long[s.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = s.get(i).asLong();
        }
        return new Shape(dims);
    }

    private static float[] floats(JsonNode n) {
        JsonNode d = n.get("data");
        float[] v = new float[d.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(d.get(i).asText());
        }
        return v;
    }

    /** A reference output: where it came from, its shape and its row-major values. */
    record Expected(String what, Shape shape, float[] values) {
    }
}
