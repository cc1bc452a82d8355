package org.refvlm.data.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.refvlm.data.TaskType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The project's prompt banks, stored as JSON resources next to this class (one file per bank, named by
 * {@link TaskType#templateBank()}), loaded once and shared.
 */
public final class PromptTemplates {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, TemplateBank> CACHE = new ConcurrentHashMap<>();

    private PromptTemplates() {
    }

    public static TemplateBank forTask(TaskType task) {
        return bank(task.templateBank());
    }

    public static TemplateBank bank(String name) {
        return CACHE.computeIfAbsent(name, PromptTemplates::load);
    }

    private static TemplateBank load(String name) {
        String resource = name + ".json";
        try (InputStream in = PromptTemplates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no template bank resource " + resource);
            }
            JsonNode root = MAPPER.readTree(in);
            List<String> placeholders = new ArrayList<>();
            root.get("placeholders").forEach(n -> placeholders.add(n.asText()));
            List<String> templates = new ArrayList<>();
            root.get("templates").forEach(n -> templates.add(n.asText()));
            return new TemplateBank(root.get("bank").asText(), placeholders, templates);
        } catch (IOException e) {
            throw new UncheckedIOException("reading template bank " + resource, e);
        }
    }
}
