package org.refvlm.trainer.eval.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.refvlm.api.Response;
import org.refvlm.trainer.eval.Metric;
import org.refvlm.trainer.score.text.VqaAccuracy;
import org.refvlm.trainer.score.text.VqaQuestion;

/**
 * VQA accuracy with the challenge's normalisation and averaging. The predicted answer is what follows
 * "the answer is" (REF-VLM's extraction); the truth is the turn's expected answer read the same way.
 * VT-Instruct keeps one answer per question, which counts as ten annotators agreeing: the accuracy is
 * then 100 for an answer equal to it after normalisation, else 0. Answer types as in VQAv2: yes/no,
 * number (digits), other.
 */
public final class VqaScorer implements TaskScorer {

    private final List<VqaQuestion> questions = new ArrayList<>();

    @Override
    public void add(TurnItem item, Response response) {
        String truth = AnswerText.vqaAnswer(item.turn().answer());
        questions.add(new VqaQuestion(item.key(), answerType(truth), "", Collections.nCopies(10, truth),
                AnswerText.vqaAnswer(response.text())));
    }

    static String answerType(String answer) {
        String a = answer.toLowerCase(Locale.ROOT).strip();
        if (a.equals("yes") || a.equals("no")) {
            return "yes/no";
        }
        return a.matches("\\d+") ? "number" : "other";
    }

    @Override
    public List<Metric> metrics() {
        if (questions.isEmpty()) {
            return List.of(new Metric("accuracy", "VQA accuracy (%)", Double.NaN));
        }
        VqaAccuracy.Result r = new VqaAccuracy().score(questions);
        List<Metric> m = new ArrayList<>(List.of(new Metric("accuracy", "VQA accuracy (%)", r.overall())));
        r.perAnswerType().forEach((type, acc) -> m.add(new Metric("accuracy." + type, "VQA accuracy, " + type + " (%)", acc)));
        return m;
    }

    @Override
    public String running() {
        return questions.isEmpty() ? "no question yet"
                : String.format(Locale.ROOT, "accuracy %.1f %%", new VqaAccuracy().score(questions).overall());
    }
}
