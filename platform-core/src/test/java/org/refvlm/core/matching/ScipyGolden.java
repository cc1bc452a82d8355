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
import org.refvlm.tensor.safetensors.SafetensorsFile;
import org.refvlm.tensor.safetensors.TensorInfo;

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
            Map<String, TensorInfo> tensors = new HashMap<>();
            for (String tensorName : file.names()) {
                TensorInfo tensor = file.info(tensorName);
                tensors.put(tensor.name(), tensor);
            }
            List<Case> cases = new ArrayList<>();
            for (JsonNode expected : new ObjectMapper().readTree(json).get("cases")) {
                String name = expected.get("name").asText();
                TensorInfo tensor = tensors.get(name);
                if (tensor == null) {
                    throw new IllegalStateException("golden tensor missing: " + name);
                }
                int rows = Math.toIntExact(tensor.shape()[0]);
                int cols = Math.toIntExact(tensor.shape()[1]);
                CostMatrix matrix = tensor.dtype() == org.refvlm.tensor.safetensors.SafetensorsDType.F32
                        ? CostMatrix.of(file.readFloats(tensor.name()), rows, cols)
                        : CostMatrix.of(file.readDoubles(tensor.name()), rows, cols);
                cases.add(new Case(name, matrix, expected));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
