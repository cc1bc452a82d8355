package org.refvlm.trainer.eval.answers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.CocoRle;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.DepthMap;
import org.refvlm.api.DepthUnit;
import org.refvlm.api.Keypoint;
import org.refvlm.api.KeypointsUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Response;

/**
 * A response as one JSON object that reads back equal to it: scoring recorded answers must give the
 * numbers scoring the live ones gives. Unlike the platform's display JSON, masks keep their exact runs,
 * depth maps their float32 values (little-endian, base64), and coordinates every bit of their doubles;
 * a score a decoder did not give is left out and reads back as "no score".
 */
public final class AnswerJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnswerJson() {
    }

    public static ObjectNode write(Response r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("text", r.text());
        ArrayNode objects = root.putArray("objects");
        for (ReferredObject o : r.objects()) {
            ObjectNode n = objects.addObject();
            n.put("phrase", o.phrase());
            n.put("unit", o.unit());
            n.put("index", o.index());
            if (o.error() != null) {
                n.put("error", o.error());
            } else {
                n.set("value", value(o.value()));
            }
        }
        ArrayNode problems = root.putArray("problems");
        r.problems().forEach(problems::add);
        return root;
    }

    /** @throws IllegalArgumentException naming the field that is missing or wrong */
    public static Response read(JsonNode n) {
        List<ReferredObject> objects = new ArrayList<>();
        for (JsonNode o : array(n, "objects")) {
            String phrase = o.path("phrase").isNull() ? null : text(o, "phrase");
            int index = o.path("index").asInt();
            objects.add(o.hasNonNull("error") ? ReferredObject.failed(phrase, text(o, "unit"), index, text(o, "error"))
                    : ReferredObject.decoded(phrase, index, unit(text(o, "unit"), field(o, "value"))));
        }
        List<String> problems = new ArrayList<>();
        array(n, "problems").forEach(p -> problems.add(p.asText()));
        return new Response(text(n, "text"), objects, problems);
    }

    private static ObjectNode value(DecodedUnit u) {
        ObjectNode n = JSON.createObjectNode();
        if (u instanceof BoxUnit b) {
            box(n, b);
        } else if (u instanceof MaskUnit m) {
            n.put("height", m.mask().height()).put("width", m.mask().width());
            ArrayNode counts = n.putArray("counts");
            for (int c : m.mask().counts()) {
                counts.add(c);
            }
            score(n, m.score());
        } else if (u instanceof KeypointsUnit k) {
            box(n.putObject("box"), k.box());
            n.put("schema", k.schema());
            ArrayNode points = n.putArray("keypoints");
            for (Keypoint p : k.keypoints()) {
                ObjectNode pn = points.addObject().put("name", p.name()).put("x", p.x()).put("y", p.y())
                        .put("visibility", p.visibility());
                score(pn, p.score());
            }
        } else if (u instanceof DepthUnit d) {
            float[] values = d.depth().values();
            ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(values);
            n.put("width", d.depth().width()).put("height", d.depth().height())
                    .put("float32le", Base64.getEncoder().encodeToString(bytes.array()));
        } else {
            throw new IllegalArgumentException("cannot record a decoded " + u.unit() + " (" + u.getClass().getName() + ")");
        }
        return n;
    }

    private static DecodedUnit unit(String unit, JsonNode n) {
        switch (unit) {
            case BoxUnit.UNIT:
                return box(n);
            case MaskUnit.UNIT: {
                JsonNode counts = field(n, "counts");
                int[] runs = new int[counts.size()];
                for (int i = 0; i < runs.length; i++) {
                    runs[i] = counts.get(i).asInt();
                }
                return new MaskUnit(new CocoRle(field(n, "height").asInt(), field(n, "width").asInt(), runs), score(n));
            }
            case KeypointsUnit.UNIT: {
                List<Keypoint> points = new ArrayList<>();
                for (JsonNode p : array(n, "keypoints")) {
                    points.add(new Keypoint(text(p, "name"), field(p, "x").asDouble(), field(p, "y").asDouble(),
                            field(p, "visibility").asInt(), score(p)));
                }
                return new KeypointsUnit(box(field(n, "box")), points, text(n, "schema"));
            }
            case DepthUnit.UNIT: {
                byte[] bytes = Base64.getDecoder().decode(text(n, "float32le"));
                float[] values = new float[bytes.length / Float.BYTES];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                return new DepthUnit(new DepthMap(field(n, "width").asInt(), field(n, "height").asInt(), values));
            }
            default:
                throw new IllegalArgumentException("unknown unit '" + unit + "'");
        }
    }

    private static void box(ObjectNode n, BoxUnit b) {
        n.put("x0", b.x0()).put("y0", b.y0()).put("x1", b.x1()).put("y1", b.y1());
        score(n, b.score());
    }

    private static BoxUnit box(JsonNode n) {
        return new BoxUnit(field(n, "x0").asDouble(), field(n, "y0").asDouble(), field(n, "x1").asDouble(),
                field(n, "y1").asDouble(), score(n));
    }

    /** NaN (no score) is not JSON: it is left out. */
    private static void score(ObjectNode n, double score) {
        if (!Double.isNaN(score)) {
            n.put("score", score);
        }
    }

    private static double score(JsonNode n) {
        return n.hasNonNull("score") ? n.get("score").asDouble() : Double.NaN;
    }

    private static JsonNode field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + name + "'");
        }
        return v;
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + name + "' is not a string");
        }
        return v.asText();
    }

    private static JsonNode array(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isArray()) {
            throw new IllegalArgumentException("field '" + name + "' is not an array");
        }
        return v;
    }

    static String line(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parse(String line) throws JsonProcessingException {
        return JSON.readTree(line);
    }
}
