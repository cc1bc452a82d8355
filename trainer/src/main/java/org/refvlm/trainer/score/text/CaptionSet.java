package org.refvlm.trainer.score.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Candidate captions with their references, keyed by image (or sample) id, in the order the
 * per-image scores are reported. Texts are as the scorers get them: already tokenised and
 * lower-cased (see {@link PtbTokenizer}).
 */
public record CaptionSet(Map<String, String> candidates, Map<String, List<String>> references) {

    public CaptionSet {
        candidates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(candidates));
        Map<String, List<String>> refs = new LinkedHashMap<>();
        references.forEach((k, v) -> refs.put(k, List.copyOf(v)));
        references = java.util.Collections.unmodifiableMap(refs);
        for (String id : candidates.keySet()) {
            if (references.getOrDefault(id, List.of()).isEmpty()) {
                throw new IllegalArgumentException("caption " + id + " has no reference");
            }
        }
        for (String id : references.keySet()) {
            Objects.requireNonNull(candidates.get(id), () -> "references of " + id + " have no candidate caption");
        }
    }

    public List<String> ids() {
        return List.copyOf(candidates.keySet());
    }

    /** The same captions run through a tokeniser. */
    public CaptionSet tokenised(PtbTokenizer tokenizer) {
        Map<String, String> c = new LinkedHashMap<>();
        Map<String, List<String>> r = new LinkedHashMap<>();
        candidates.forEach((k, v) -> c.put(k, tokenizer.tokenise(v)));
        references.forEach((k, v) -> r.put(k, v.stream().map(tokenizer::tokenise).toList()));
        return new CaptionSet(c, r);
    }
}
