package org.refvlm.data.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Streams a JSON file whose root object holds large arrays (COCO, VQA): each element of a chosen array is
 * read as a small tree and handed over with the line it starts on; scalar top-level fields are collected;
 * everything else is skipped without being built. Memory stays at one element at a time.
 */
final class TopLevelJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    interface ElementHandler {
        void element(JsonNode element, long line) throws IOException;
    }

    private TopLevelJson() {
    }

    /**
     * @param arrays  handler per top-level array field name
     * @param scalars receives top-level string/number fields by name (may be null)
     */
    static void stream(Path file, Map<String, ElementHandler> arrays, Map<String, String> scalars) throws IOException {
        try (InputStream in = Files.newInputStream(file); JsonParser p = new JsonFactory(MAPPER).createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(file + ": root is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                ElementHandler h = arrays.get(name);
                if (h != null && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        long line = p.currentTokenLocation().getLineNr();
                        JsonNode element = p.readValueAsTree();
                        h.element(element == null ? MAPPER.nullNode() : element, line);
                    }
                } else if (h != null) {
                    throw new IOException(file + ": field '" + name + "' is not an array (line "
                            + p.currentTokenLocation().getLineNr() + ")");
                } else if (t.isScalarValue()) {
                    if (scalars != null) {
                        scalars.put(name, p.getValueAsString());
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
    }
}
