package org.refvlm.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.api.CocoRle;
import org.refvlm.api.RgbImage;
import org.refvlm.api.VisualPrompt;

/**
 * The {@code prompts} field of {@code POST /api/ask}: a JSON list of visual prompts in the
 * picture's pixels, each {@code {"type": "point", "x": .., "y": ..}},
 * {@code {"type": "box", "x0": .., "y0": .., "x1": .., "y1": ..}},
 * {@code {"type": "scribble", "points": [[x, y], ...]}} or
 * {@code {"type": "mask", "size": [h, w], "counts": "<COCO compressed RLE>"}}.
 */
final class VisualPromptsJson {

    private VisualPromptsJson() {
    }

    /**
     * @throws ApiError (400) naming the prompt and what is wrong with it
     */
    static List<VisualPrompt> parse(String json, RgbImage image, int limit) throws ApiError {
        JsonNode root;
        try {
            root = JsonReplies.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("prompts is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw ApiError.badRequest("prompts must be a JSON list of visual prompts");
        }
        if (root.size() > limit) {
            throw ApiError.badRequest("prompts holds " + root.size() + " visual prompts; at most " + limit
                    + " are allowed");
        }
        List<VisualPrompt> prompts = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            try {
                prompts.add(prompt(root.get(i), image));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("prompts[" + i + "]: " + e.getMessage());
            }
        }
        return prompts;
    }

    private static VisualPrompt prompt(JsonNode p, RgbImage image) {
        String type = p.path("type").asText("");
        return switch (type) {
            case "point" -> new VisualPrompt.Point(coordinate(p, "x", image.width()), coordinate(p, "y", image.height()));
            case "box" -> new VisualPrompt.Box(coordinate(p, "x0", image.width()), coordinate(p, "y0", image.height()),
                    coordinate(p, "x1", image.width()), coordinate(p, "y1", image.height()));
            case "scribble" -> scribble(p, image);
            case "mask" -> mask(p, image);
            default -> throw new IllegalArgumentException("type must be point, box, scribble or mask, got '" + type + "'");
        };
    }

    private static VisualPrompt scribble(JsonNode p, RgbImage image) {
        JsonNode points = p.path("points");
        if (!points.isArray() || points.isEmpty()) {
            throw new IllegalArgumentException("a scribble needs \"points\": [[x, y], ...]");
        }
        if (points.size() > 10_000) {
            throw new IllegalArgumentException("a scribble may have at most 10000 points, got " + points.size());
        }
        List<VisualPrompt.Point> out = new ArrayList<>();
        for (JsonNode xy : points) {
            if (!xy.isArray() || xy.size() != 2 || !xy.get(0).isNumber() || !xy.get(1).isNumber()) {
                throw new IllegalArgumentException("scribble points must be [x, y] number pairs, got " + xy);
            }
            out.add(new VisualPrompt.Point(inside(xy.get(0).asDouble(), image.width(), "x"),
                    inside(xy.get(1).asDouble(), image.height(), "y")));
        }
        return new VisualPrompt.Scribble(out);
    }

    private static VisualPrompt mask(JsonNode p, RgbImage image) {
        JsonNode size = p.path("size");
        if (!size.isArray() || size.size() != 2 || !p.path("counts").isTextual()) {
            throw new IllegalArgumentException("a mask needs \"size\": [height, width] and \"counts\": a COCO compressed RLE");
        }
        int h = size.get(0).asInt(), w = size.get(1).asInt();
        if (h != image.height() || w != image.width()) {
            throw new IllegalArgumentException("the mask is " + w + "x" + h + " but the picture is " + image.width() + "x"
                    + image.height());
        }
        return new VisualPrompt.Mask(CocoRle.fromCompactString(p.get("counts").asText(), h, w));
    }

    private static double coordinate(JsonNode p, String field, int limit) {
        JsonNode v = p.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be a number");
        }
        return inside(v.asDouble(), limit, field);
    }

    private static double inside(double v, int limit, String what) {
        if (!(v >= 0 && v <= limit)) {
            throw new IllegalArgumentException(what + " = " + v + " lies outside the picture (0 to " + limit + ")");
        }
        return v;
    }
}
