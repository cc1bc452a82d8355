package org.refvlm.core.matching;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.refvlm.core.matching.internal.SafetensorsFile;
import org.refvlm.core.matching.internal.SafetensorsTensor;

/**
 * The golden cases made by {@code src/test/python/make_lsap_golden.py}: cost matrices in
 * {@code lsap_golden.safetensors}, scipy's answers in {@code lsap_golden.json}.
 */
final class ScipyGolden {

    /** One case; {@code expected} is the parsed JSON entry (status, total_cost, ...). */
    record Case(String name, CostMatrix matrix, JsonNode expected) {
        String status() {
            return expected.get("status").asText();
        }

        double totalCost() {
            return expected.get("total_cost").asDouble();
        }

        /** Sum of the absolute values of the cells scipy chose: the rounding scale of its total. */
        double magnitude() {
            return expected.get("abs_cost").asDouble();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private ScipyGolden() {
    }

    static Path safetensorsPath() {
        try {
            return Path.of(ScipyGolden.class.getResource("lsap_golden.safetensors").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Case> load() {
        try (InputStream json = ScipyGolden.class.getResourceAsStream("lsap_golden.json");
                SafetensorsFile file = SafetensorsFile.open(safetensorsPath())) {
            Map<String, SafetensorsTensor> tensors = new HashMap<>();
            for (SafetensorsTensor tensor : file.tensors()) {
                tensors.put(tensor.name(), tensor);
            }
            List<Case> cases = new ArrayList<>();
            for (JsonNode expected : new ObjectMapper().readTree(json).get("cases")) {
                String name = expected.get("name").asText();
                SafetensorsTensor tensor = tensors.get(name);
                if (tensor == null) {
                    throw new IllegalStateException("golden tensor missing: " + name);
                }
                int rows = Math.toIntExact(tensor.dim(0));
                int cols = Math.toIntExact(tensor.dim(1));
                CostMatrix matrix = tensor.dtype().equals("F32")
                        ? CostMatrix.of(file.readFloats(tensor), rows, cols)
                        : CostMatrix.of(file.readDoubles(tensor), rows, cols);
                cases.add(new Case(name, matrix, expected));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
