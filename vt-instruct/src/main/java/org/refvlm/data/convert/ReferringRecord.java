package org.refvlm.data.convert;

import java.util.List;
import java.util.Map;

/**
 * One entry of a refer-toolkit {@code refs(*).p} pickle: an annotation and the expressions that refer to it.
 * Sentences that lack text are kept as null so the converter can report them by position.
 */
record ReferringRecord(long refId, long annId, long imageId, String split, List<Sentence> sentences) {

    record Sentence(long sentId, String text) {
    }

    /** Reads one unpickled dict; throws {@link IllegalArgumentException} naming the missing or bad key. */
    static ReferringRecord from(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("record is not a dict");
        }
        long refId = number(m, "ref_id");
        long annId = number(m, "ann_id");
        long imageId = number(m, "image_id");
        String split = text(m.get("split"));
        if (split == null) {
            throw new IllegalArgumentException("ref " + refId + ": missing 'split'");
        }
        Object s = m.get("sentences");
        if (!(s instanceof List<?> list)) {
            throw new IllegalArgumentException("ref " + refId + ": 'sentences' is not a list");
        }
        java.util.ArrayList<Sentence> sentences = new java.util.ArrayList<>();
        for (Object e : list) {
            if (e instanceof Map<?, ?> sm) {
                String t = text(sm.get("sent"));
                if (t == null) {
                    t = text(sm.get("raw"));
                }
                Object id = sm.get("sent_id");
                sentences.add(new Sentence(id instanceof Number n ? n.longValue() : -1, t == null || t.isBlank() ? null : t.strip()));
            } else {
                sentences.add(new Sentence(-1, null));
            }
        }
        return new ReferringRecord(refId, annId, imageId, split, sentences);
    }

    private static long number(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("missing numeric '" + key + "'");
    }

    /** Python 3 writes str, Python 2 pickles may hold byte strings: accept both. */
    private static String text(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        return null;
    }
}
