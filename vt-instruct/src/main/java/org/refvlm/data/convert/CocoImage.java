package org.refvlm.data.convert;

import com.fasterxml.jackson.databind.JsonNode;

/** An entry of a COCO file's "images" array. */
record CocoImage(long id, String fileName, int width, int height) {

    static CocoImage parse(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("image entry is not an object");
        }
        JsonNode id = n.get("id"), file = n.get("file_name"), w = n.get("width"), h = n.get("height");
        if (id == null || !id.canConvertToLong() || file == null || !file.isTextual()) {
            throw new IllegalArgumentException("image entry needs numeric 'id' and text 'file_name'");
        }
        if (w == null || h == null || !w.canConvertToInt() || !h.canConvertToInt() || w.asInt() <= 0 || h.asInt() <= 0) {
            throw new IllegalArgumentException("image " + id.asLong() + " needs positive 'width' and 'height'");
        }
        return new CocoImage(id.asLong(), file.asText(), w.asInt(), h.asInt());
    }
}
