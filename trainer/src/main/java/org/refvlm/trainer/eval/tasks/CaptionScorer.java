package org.refvlm.trainer.eval.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.refvlm.api.Response;
import org.refvlm.data.PromptKind;
import org.refvlm.trainer.eval.Metric;
import org.refvlm.trainer.score.text.CaptionSet;
import org.refvlm.trainer.score.text.CiderD;
import org.refvlm.trainer.score.text.Meteor;
import org.refvlm.trainer.score.text.PtbTokenizer;

/**
 * Captioning and region captioning (REG): the answer's plain text against the turn's expected answer
 * as the only reference (as REF-VLM's caption metric does), both through the PTB step; CIDEr-D and
 * METEOR (exact+stem+synonym) times 100 as the paper reports them. With {@code byPromptKind} (REG) the
 * numbers are also given per visual prompt kind.
 */
public final class CaptionScorer implements TaskScorer {

    private final boolean byPromptKind;
    private final Map<String, String> candidates = new LinkedHashMap<>();
    private final Map<String, List<String>> references = new LinkedHashMap<>();
    private final Map<String, PromptKind> kinds = new LinkedHashMap<>();

    public CaptionScorer(boolean byPromptKind) {
        this.byPromptKind = byPromptKind;
    }

    @Override
    public void add(TurnItem item, Response response) {
        candidates.put(item.key(), AnswerText.plain(response.text()));
        references.put(item.key(), List.of(AnswerText.plain(item.turn().answer())));
        kinds.put(item.key(), item.promptKind());
    }

    @Override
    public List<Metric> metrics() {
        List<Metric> m = new ArrayList<>(scores(candidates.keySet().stream().toList(), "", ""));
        if (byPromptKind) {
            for (PromptKind k : PromptKind.values()) {
                List<String> ids = kinds.entrySet().stream().filter(e -> e.getValue() == k).map(Map.Entry::getKey).toList();
                String w = k.name().toLowerCase(Locale.ROOT);
                m.addAll(scores(ids, "." + w, " (" + w + " prompt)"));
            }
        }
        return m;
    }

    private List<Metric> scores(List<String> ids, String keySuffix, String labelSuffix) {
        if (ids.isEmpty()) {
            return List.of(new Metric("CIDEr-D" + keySuffix, "CIDEr-D x100" + labelSuffix, Double.NaN),
                    new Metric("METEOR" + keySuffix, Meteor.NAME + " x100" + labelSuffix, Double.NaN));
        }
        Map<String, String> c = new LinkedHashMap<>();
        Map<String, List<String>> r = new LinkedHashMap<>();
        ids.forEach(id -> {
            c.put(id, candidates.get(id));
            r.put(id, references.get(id));
        });
        CaptionSet set = new CaptionSet(c, r).tokenised(new PtbTokenizer());
        return List.of(new Metric("CIDEr-D" + keySuffix, "CIDEr-D x100" + labelSuffix, 100 * new CiderD().score(set).score()),
                new Metric("METEOR" + keySuffix, Meteor.NAME + " x100" + labelSuffix, 100 * new Meteor().score(set).score()));
    }

    @Override
    public String running() {
        return candidates.size() + " captions";
    }
}
