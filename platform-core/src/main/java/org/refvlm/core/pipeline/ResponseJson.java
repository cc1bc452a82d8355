package org.refvlm.core.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.IntFunction;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.DepthUnit;
import org.refvlm.api.Keypoint;
import org.refvlm.api.KeypointsUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Response;

/**
 * A response as JSON: the answer, one entry per referred object (box as xyxy pixels, mask as
 * COCO compressed RLE, keypoints as their schema and per point name, x, y, visibility and score,
 * depth as its size and range of known depths in metres, plus the PNG file holding it when one was
 * written: {@link ResponseFiles}), problems. A score the decoder does not give is left out.
 */
public final class ResponseJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResponseJson() {
    }

    public static String write(Response response) {
        return write(response, i -> null);
    }

    /**
     * @param depthFiles for the object at position i of a depth unit, the file its map was written to
     *                   (16-bit PNG, {@link DepthPng#UNITS_PER_METRE} per metre), or null for none
     */
    public static String write(Response response, IntFunction<String> depthFiles) {
        ObjectNode root = JSON.createObjectNode();
        root.put("text", response.text());
        ArrayNode objects = root.putArray("objects");
        for (int i = 0; i < response.objects().size(); i++) {
            ReferredObject o = response.objects().get(i);
            ObjectNode n = objects.addObject();
            n.put("phrase", o.phrase());
            n.put("unit", o.unit());
            n.put("index", o.index());
            if (o.error() != null) {
                n.put("error", o.error());
            } else {
                value(n, o.value());
                String file = o.value() instanceof DepthUnit ? depthFiles.apply(i) : null;
                if (file != null) {
                    ((ObjectNode) n.get("depth")).put("file", file).put("unitsPerMetre", DepthPng.UNITS_PER_METRE);
                }
            }
        }
        ArrayNode problems = root.putArray("problems");
        response.problems().forEach(problems::add);
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("could not write the response as JSON", e);
        }
    }

    private static void value(ObjectNode n, DecodedUnit v) {
        if (v instanceof BoxUnit b) {
            box(n, b);
        } else if (v instanceof MaskUnit m) {
            ObjectNode mask = n.putObject("mask");
            mask.putArray("size").add(m.mask().height()).add(m.mask().width());
            mask.put("counts", m.mask().toCompactString());
            n.put("score", m.score());
        } else if (v instanceof KeypointsUnit k) {
            box(n, k.box());
            if (k.hasSchema()) {
                n.put("schema", k.schema());
            }
            ArrayNode points = n.putArray("keypoints");
            for (Keypoint p : k.keypoints()) {
                ObjectNode point = points.addObject().put("name", p.name()).put("x", p.x()).put("y", p.y())
                        .put("visibility", p.visibility());
                if (p.hasScore()) {
                    point.put("score", p.score());
                }
            }
        } else if (v instanceof DepthUnit d) {
            float[] range = DepthColours.range(d.depth());
            n.putObject("depth").put("width", d.depth().width()).put("height", d.depth().height())
                    .put("min", range[0]).put("max", range[1]);
        } else {
            n.put("value", String.valueOf(v));
        }
    }

    private static void box(ObjectNode n, BoxUnit b) {
        n.putArray("box").add(b.x0()).add(b.y0()).add(b.x1()).add(b.y1());
        if (b.hasScore()) {
            n.put("score", b.score());
        }
    }
}
