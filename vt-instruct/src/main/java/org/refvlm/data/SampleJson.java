package org.refvlm.data;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.refvlm.api.CocoRle;

/**
 * The JSON form of a {@link Sample}, one object per line (see docs/vt-instruct.md). Written by hand on top of
 * Jackson's streaming generator and tree model rather than by data binding, so that the file format is spelled
 * out in one place and every reading error names the field that is wrong.
 */
public final class SampleJson {
    private static final Set<String> SAMPLE_FIELDS = Set.of("id", "source", "task", "image", "targets", "prompts", "turns", "meta");
    private static final Set<String> TURN_FIELDS = Set.of("system", "user", "prompts", "answer", "groups");
    private static final Set<String> TARGET_FIELDS = Set.of("boxes", "masks", "points", "keypoints", "depth");

    private SampleJson() {
    }

    // ---------------------------------------------------------------- writing

    public static void write(Sample s, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", s.id());
        g.writeStringField("source", s.source());
        g.writeStringField("task", s.task().id());
        g.writeObjectFieldStart("image");
        g.writeStringField("path", s.image().path());
        g.writeNumberField("width", s.image().width());
        g.writeNumberField("height", s.image().height());
        g.writeEndObject();
        writeTargets(s.targets(), g);
        g.writeArrayFieldStart("prompts");
        for (VisualPrompt p : s.prompts()) {
            writePrompt(p, g);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("turns");
        for (Turn t : s.turns()) {
            writeTurn(t, g);
        }
        g.writeEndArray();
        if (!s.meta().isEmpty()) {
            g.writeObjectFieldStart("meta");
            for (Map.Entry<String, String> e : s.meta().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeTargets(Targets t, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("targets");
        if (!t.boxes().isEmpty()) {
            g.writeArrayFieldStart("boxes");
            for (Box b : t.boxes()) {
                writeBox(b, g);
            }
            g.writeEndArray();
        }
        if (!t.masks().isEmpty()) {
            g.writeArrayFieldStart("masks");
            for (CocoRle m : t.masks()) {
                writeRle(m, g);
            }
            g.writeEndArray();
        }
        if (!t.points().isEmpty()) {
            g.writeArrayFieldStart("points");
            for (Point p : t.points()) {
                writePoint(p, g);
            }
            g.writeEndArray();
        }
        if (!t.keypoints().isEmpty()) {
            g.writeArrayFieldStart("keypoints");
            for (KeypointSet k : t.keypoints()) {
                g.writeStartObject();
                g.writeStringField("schema", k.schema());
                g.writeArrayFieldStart("points");
                for (Keypoint kp : k.points()) {
                    g.writeStartArray();
                    writeCoordinate(kp.x(), g);
                    writeCoordinate(kp.y(), g);
                    g.writeNumber(kp.visibility());
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (!t.depthMaps().isEmpty()) {
            g.writeArrayFieldStart("depth");
            for (DepthMapRef d : t.depthMaps()) {
                g.writeStartObject();
                g.writeStringField("path", d.path());
                g.writeNumberField("units_per_metre", d.unitsPerMetre());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void writePrompt(VisualPrompt p, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", p.kind().word());
        if (p instanceof PointPrompt pp) {
            g.writeFieldName("point");
            writePoint(pp.point(), g);
        } else if (p instanceof BoxPrompt bp) {
            g.writeFieldName("box");
            writeBox(bp.box(), g);
        } else if (p instanceof ScribblePrompt sp) {
            g.writeArrayFieldStart("stroke");
            for (Point pt : sp.stroke()) {
                writePoint(pt, g);
            }
            g.writeEndArray();
        } else if (p instanceof MaskPrompt mp) {
            g.writeFieldName("mask");
            writeRle(mp.mask(), g);
        }
        g.writeEndObject();
    }

    private static void writeTurn(Turn t, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("system");
        g.writeStringField("task", t.hint().taskName());
        g.writeArrayFieldStart("elements");
        for (String e : t.hint().elements()) {
            g.writeString(e);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("units");
        for (Unit u : t.hint().units()) {
            g.writeString(u.word());
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeStringField("user", t.user());
        g.writeArrayFieldStart("prompts");
        for (int i : t.prompts()) {
            g.writeNumber(i);
        }
        g.writeEndArray();
        g.writeStringField("answer", t.answer());
        g.writeArrayFieldStart("groups");
        for (PhraseGroup pg : t.groups()) {
            g.writeStartObject();
            g.writeStringField("phrase", pg.phrase());
            g.writeArrayFieldStart("units");
            for (Unit u : pg.units()) {
                g.writeString(u.word());
            }
            g.writeEndArray();
            g.writeObjectFieldStart("refs");
            for (Map.Entry<Unit, List<Integer>> e : pg.refs().entrySet()) {
                g.writeArrayFieldStart(e.getKey().word());
                for (int i : e.getValue()) {
                    g.writeNumber(i);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeBox(Box b, JsonGenerator g) throws IOException {
        g.writeStartArray();
        writeCoordinate(b.x0(), g);
        writeCoordinate(b.y0(), g);
        writeCoordinate(b.x1(), g);
        writeCoordinate(b.y1(), g);
        g.writeEndArray();
    }

    private static void writePoint(Point p, JsonGenerator g) throws IOException {
        g.writeStartArray();
        writeCoordinate(p.x(), g);
        writeCoordinate(p.y(), g);
        g.writeEndArray();
    }

    /** Whole numbers are written without ".0" and others with at most two decimals: pixels need no more. */
    private static void writeCoordinate(double v, JsonGenerator g) throws IOException {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            g.writeNumber((long) v);
        } else {
            g.writeNumber(Math.round(v * 100) / 100.0);
        }
    }

    private static void writeRle(CocoRle m, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("size");
        g.writeNumber(m.height());
        g.writeNumber(m.width());
        g.writeEndArray();
        g.writeStringField("counts", m.toCompactString());
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- reading

    public static Sample read(JsonNode n) throws SampleFormatException {
        if (!n.isObject()) {
            throw new SampleFormatException("record is not a JSON object");
        }
        unknownFields(n, SAMPLE_FIELDS, "sample");
        String id = text(n, "id");
        TaskType task;
        try {
            task = TaskType.fromId(text(n, "task"));
        } catch (IllegalArgumentException e) {
            throw new SampleFormatException(e.getMessage());
        }
        JsonNode img = object(n, "image");
        ImageRef image = new ImageRef(text(img, "path"), integer(img, "width"), integer(img, "height"));
        Targets targets = readTargets(n.get("targets"));
        List<VisualPrompt> prompts = new ArrayList<>();
        JsonNode ps = n.get("prompts");
        if (ps != null) {
            requireArray(ps, "prompts");
            for (int i = 0; i < ps.size(); i++) {
                prompts.add(readPrompt(ps.get(i), "prompts[" + i + "]"));
            }
        }
        JsonNode ts = n.get("turns");
        if (ts == null) {
            throw new SampleFormatException("missing field 'turns'");
        }
        requireArray(ts, "turns");
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < ts.size(); i++) {
            turns.add(readTurn(ts.get(i), "turns[" + i + "]"));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        JsonNode m = n.get("meta");
        if (m != null) {
            if (!m.isObject()) {
                throw new SampleFormatException("'meta' is not an object");
            }
            for (Map.Entry<String, JsonNode> e : m.properties()) {
                meta.put(e.getKey(), e.getValue().asText());
            }
        }
        String source = n.has("source") ? text(n, "source") : "unknown";
        return new Sample(id, source, task, image, targets, prompts, turns, meta);
    }

    private static Targets readTargets(JsonNode t) throws SampleFormatException {
        if (t == null || t.isNull()) {
            return Targets.NONE;
        }
        if (!t.isObject()) {
            throw new SampleFormatException("'targets' is not an object");
        }
        unknownFields(t, TARGET_FIELDS, "targets");
        List<Box> boxes = new ArrayList<>();
        for (JsonNode b : array(t, "boxes")) {
            boxes.add(readBox(b, "targets.boxes[" + boxes.size() + "]"));
        }
        List<CocoRle> masks = new ArrayList<>();
        for (JsonNode m : array(t, "masks")) {
            masks.add(readRle(m, "targets.masks[" + masks.size() + "]"));
        }
        List<Point> points = new ArrayList<>();
        for (JsonNode p : array(t, "points")) {
            points.add(readPoint(p, "targets.points[" + points.size() + "]"));
        }
        List<KeypointSet> kps = new ArrayList<>();
        for (JsonNode k : array(t, "keypoints")) {
            String where = "targets.keypoints[" + kps.size() + "]";
            List<Keypoint> list = new ArrayList<>();
            for (JsonNode kp : array(k, "points")) {
                if (!kp.isArray() || kp.size() != 3 || !kp.get(0).isNumber() || !kp.get(1).isNumber() || !kp.get(2).canConvertToInt()) {
                    throw new SampleFormatException(where + ": a keypoint must be [x, y, visibility]");
                }
                list.add(new Keypoint(kp.get(0).asDouble(), kp.get(1).asDouble(), kp.get(2).asInt()));
            }
            kps.add(new KeypointSet(text(k, "schema"), list));
        }
        List<DepthMapRef> depth = new ArrayList<>();
        for (JsonNode d : array(t, "depth")) {
            JsonNode u = d.get("units_per_metre");
            if (u == null || !u.isNumber()) {
                throw new SampleFormatException("targets.depth: missing number 'units_per_metre'");
            }
            depth.add(new DepthMapRef(text(d, "path"), u.asDouble()));
        }
        return new Targets(boxes, masks, points, kps, depth);
    }

    private static VisualPrompt readPrompt(JsonNode p, String where) throws SampleFormatException {
        if (!p.isObject()) {
            throw new SampleFormatException(where + " is not an object");
        }
        PromptKind kind;
        try {
            kind = PromptKind.fromWord(text(p, "type"));
        } catch (IllegalArgumentException e) {
            throw new SampleFormatException(where + ": " + e.getMessage());
        }
        return switch (kind) {
            case POINT -> new PointPrompt(readPoint(p.get("point"), where + ".point"));
            case BOX -> new BoxPrompt(readBox(p.get("box"), where + ".box"));
            case SCRIBBLE -> {
                List<Point> stroke = new ArrayList<>();
                for (JsonNode pt : array(p, "stroke")) {
                    stroke.add(readPoint(pt, where + ".stroke"));
                }
                yield new ScribblePrompt(stroke);
            }
            case MASK -> new MaskPrompt(readRle(p.get("mask"), where + ".mask"));
        };
    }

    private static Turn readTurn(JsonNode t, String where) throws SampleFormatException {
        if (!t.isObject()) {
            throw new SampleFormatException(where + " is not an object");
        }
        unknownFields(t, TURN_FIELDS, where);
        JsonNode sys = object(t, "system");
        List<String> elements = new ArrayList<>();
        for (JsonNode e : array(sys, "elements")) {
            elements.add(e.asText());
        }
        TaskHint hint = new TaskHint(text(sys, "task"), elements, readUnits(sys, where + ".system"));
        List<Integer> prompts = new ArrayList<>();
        for (JsonNode i : array(t, "prompts")) {
            if (!i.canConvertToInt()) {
                throw new SampleFormatException(where + ".prompts: not an integer index");
            }
            prompts.add(i.asInt());
        }
        List<PhraseGroup> groups = new ArrayList<>();
        for (JsonNode gNode : array(t, "groups")) {
            String gw = where + ".groups[" + groups.size() + "]";
            List<Unit> units = readUnits(gNode, gw);
            JsonNode refs = object(gNode, "refs");
            Map<Unit, List<Integer>> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : refs.properties()) {
                Unit u;
                try {
                    u = Unit.fromWord(e.getKey());
                } catch (IllegalArgumentException ex) {
                    throw new SampleFormatException(gw + ".refs: " + ex.getMessage());
                }
                List<Integer> idx = new ArrayList<>();
                requireArray(e.getValue(), gw + ".refs." + e.getKey());
                for (JsonNode i : e.getValue()) {
                    if (!i.canConvertToInt()) {
                        throw new SampleFormatException(gw + ".refs." + e.getKey() + ": not an integer index");
                    }
                    idx.add(i.asInt());
                }
                map.put(u, idx);
            }
            try {
                groups.add(new PhraseGroup(text(gNode, "phrase"), units, map));
            } catch (IllegalArgumentException ex) {
                throw new SampleFormatException(gw + ": " + ex.getMessage());
            }
        }
        return new Turn(hint, text(t, "user"), prompts, text(t, "answer"), groups);
    }

    private static List<Unit> readUnits(JsonNode n, String where) throws SampleFormatException {
        List<Unit> units = new ArrayList<>();
        for (JsonNode u : array(n, "units")) {
            try {
                units.add(Unit.fromWord(u.asText()));
            } catch (IllegalArgumentException e) {
                throw new SampleFormatException(where + ".units: " + e.getMessage());
            }
        }
        return units;
    }

    private static Box readBox(JsonNode b, String where) throws SampleFormatException {
        if (b == null || !b.isArray() || b.size() != 4) {
            throw new SampleFormatException(where + ": a box must be [x0, y0, x1, y1]");
        }
        for (JsonNode v : b) {
            if (!v.isNumber()) {
                throw new SampleFormatException(where + ": box coordinates must be numbers");
            }
        }
        return new Box(b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble());
    }

    private static Point readPoint(JsonNode p, String where) throws SampleFormatException {
        if (p == null || !p.isArray() || p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
            throw new SampleFormatException(where + ": a point must be [x, y]");
        }
        return new Point(p.get(0).asDouble(), p.get(1).asDouble());
    }

    private static CocoRle readRle(JsonNode m, String where) throws SampleFormatException {
        if (m == null || !m.isObject()) {
            throw new SampleFormatException(where + ": a mask must be {\"size\":[h,w],\"counts\":...}");
        }
        JsonNode size = m.get("size");
        if (size == null || !size.isArray() || size.size() != 2 || !size.get(0).canConvertToInt() || !size.get(1).canConvertToInt()) {
            throw new SampleFormatException(where + ".size must be [height, width]");
        }
        int h = size.get(0).asInt(), w = size.get(1).asInt();
        JsonNode counts = m.get("counts");
        try {
            if (counts != null && counts.isTextual()) {
                return CocoRle.fromCompactString(counts.asText(), h, w);
            }
            if (counts != null && counts.isArray()) {
                int[] c = new int[counts.size()];
                for (int i = 0; i < c.length; i++) {
                    c[i] = counts.get(i).asInt();
                }
                return new CocoRle(h, w, c);
            }
        } catch (IllegalArgumentException e) {
            throw new SampleFormatException(where + ".counts: " + e.getMessage());
        }
        throw new SampleFormatException(where + ".counts must be a string or an array");
    }

    // ---------------------------------------------------------------- helpers

    private static void unknownFields(JsonNode n, Set<String> known, String where) throws SampleFormatException {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new SampleFormatException(where + ": unknown field '" + f + "'");
            }
        }
    }

    private static String text(JsonNode n, String field) throws SampleFormatException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new SampleFormatException("missing text field '" + field + "'");
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String field) throws SampleFormatException {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new SampleFormatException("missing integer field '" + field + "'");
        }
        return v.asInt();
    }

    private static JsonNode object(JsonNode n, String field) throws SampleFormatException {
        JsonNode v = n.get(field);
        if (v == null || !v.isObject()) {
            throw new SampleFormatException("missing object field '" + field + "'");
        }
        return v;
    }

    private static List<JsonNode> array(JsonNode n, String field) throws SampleFormatException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        requireArray(v, field);
        List<JsonNode> l = new ArrayList<>(v.size());
        v.forEach(l::add);
        return l;
    }

    private static void requireArray(JsonNode v, String field) throws SampleFormatException {
        if (!v.isArray()) {
            throw new SampleFormatException("'" + field + "' is not an array");
        }
    }
}
