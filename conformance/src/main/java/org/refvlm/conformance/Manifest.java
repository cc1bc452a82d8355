package org.refvlm.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A fixture folder's {@code manifest.json}: kind and cases with their tolerances. */
public record Manifest(String kind, List<Case> cases, JsonNode raw) {

    /** One case: {@code atol} or {@code exact}; {@code raw} keeps case-specific fields (texts, image stats). */
    public record Case(String name, double atol, boolean exact, JsonNode raw) {
    }

    public static Manifest read(Path folder) throws IOException {
        JsonNode root = new ObjectMapper().readTree(folder.resolve("manifest.json").toFile());
        if (root == null || !root.hasNonNull("kind")) {
            throw new IOException("manifest.json in " + folder + " has no 'kind'");
        }
        List<Case> cases = new ArrayList<>();
        if (root.has("cases")) {
            for (JsonNode c : root.get("cases")) {
                boolean exact = c.path("exact").asBoolean(false);
                double atol = c.hasNonNull("atol") ? c.get("atol").asDouble() : 0.0;
                if (!exact && !c.hasNonNull("atol") && !c.has("text")) {
                    throw new IOException("case " + c.path("name").asText() + " in " + folder + " has neither atol nor exact");
                }
                cases.add(new Case(c.get("name").asText(), atol, exact || c.has("text"), c));
            }
        }
        return new Manifest(root.get("kind").asText(), List.copyOf(cases), root);
    }
}
