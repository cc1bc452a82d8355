package org.refvlm.trainer.score.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.refvlm.trainer.score.coco.CocoEvaluation;

/** A COCO evaluation as JSON: the type, {@code stats}, the printed {@code summary}, AP per category. */
public final class CocoScores {

    private CocoScores() {
    }

    public static ObjectNode json(CocoEvaluation ev) {
        ObjectNode root = ScoreFiles.JSON.createObjectNode();
        root.put("type", ev.type().word());
        var stats = root.putArray("stats");
        for (double v : ev.stats()) {
            stats.add(v);
        }
        var summary = root.putArray("summary");
        ev.summary().forEach(summary::add);
        ObjectNode per = root.putObject("perCategoryAP");
        ev.perCategoryAp().forEach((id, ap) -> {
            ObjectNode c = per.putObject(Long.toString(id));
            c.put("name", ev.categoryNames().get(id));
            c.put("AP", ap);
        });
        return root;
    }
}
