package org.refvlm.trainer.eval.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.refvlm.api.Response;
import org.refvlm.data.KeypointSet;
import org.refvlm.trainer.eval.Metric;
import org.refvlm.trainer.score.text.PopeScore;

/**
 * POPE on the object-existence questions of VQA data ("Is there a red star in the image?" answered
 * yes or no); other questions are passed over. Answers are read by POPE's rule, yes is positive.
 * POPE's three settings differ in how the absent objects of the "no" questions are drawn; the
 * synthetic world makes two of them, told apart from the sample's own truth:
 * <ul>
 *   <li>random: the shape asked about is not in the picture at all;</li>
 *   <li>adversarial: the shape is there, in another colour (the object asked about co-occurs with
 *       what is there, as POPE's adversarial negatives do);</li>
 *   <li>popular (the most frequent objects of the data set) is not made: every shape is equally
 *       frequent in the synthetic world, so it would equal random.</li>
 * </ul>
 * Each setting is scored on all "yes" questions plus its own "no" questions.
 */
public final class PopeScorer implements TaskScorer {

    private static final Pattern EXISTENCE = Pattern.compile("\\bIs there (?:a|an) ([a-z -]+?) in the image\\?",
            Pattern.CASE_INSENSITIVE);

    private record Asked(String setting, String answer, String label) {
    }

    private final List<Asked> asked = new ArrayList<>();

    /** Whether the turn is a POPE question (object existence, answered yes or no). */
    public static boolean isPopeQuestion(TurnItem item) {
        String truth = AnswerText.vqaAnswer(item.turn().answer()).toLowerCase(Locale.ROOT);
        return (truth.equals("yes") || truth.equals("no")) && EXISTENCE.matcher(item.prompt()).find();
    }

    @Override
    public void add(TurnItem item, Response response) {
        if (!isPopeQuestion(item)) {
            return;
        }
        String label = AnswerText.vqaAnswer(item.turn().answer()).toLowerCase(Locale.ROOT);
        asked.add(new Asked(label.equals("yes") ? "positive" : setting(item), AnswerText.plain(response.text()), label));
    }

    /** Random when the asked shape is absent, adversarial when it is present (in another colour). */
    private static String setting(TurnItem item) {
        Matcher m = EXISTENCE.matcher(item.prompt());
        m.find();
        String[] words = m.group(1).toLowerCase(Locale.ROOT).split(" ");
        String shape = words[words.length - 1];
        for (KeypointSet k : item.sample().targets().keypoints()) {
            if (k.schema().equals("synth-" + shape)) {
                return "adversarial";
            }
        }
        return "random";
    }

    @Override
    public List<Metric> metrics() {
        List<Metric> m = new ArrayList<>();
        Map<String, PopeScore> settings = scores();
        for (String s : List.of("random", "popular", "adversarial")) {
            PopeScore p = settings.get(s);
            m.add(new Metric(s + ".accuracy", s + ": accuracy", p == null ? Double.NaN : p.accuracy()));
            m.add(new Metric(s + ".precision", s + ": precision", p == null ? Double.NaN : p.precision()));
            m.add(new Metric(s + ".recall", s + ": recall", p == null ? Double.NaN : p.recall()));
            m.add(new Metric(s + ".f1", s + ": F1", p == null ? Double.NaN : p.f1()));
            m.add(new Metric(s + ".yesRatio", s + ": yes-ratio", p == null ? Double.NaN : p.yesRatio()));
        }
        m.add(new Metric("questions", "POPE questions asked", asked.size()));
        return m;
    }

    private Map<String, PopeScore> scores() {
        Map<String, PopeScore> out = new LinkedHashMap<>();
        for (String s : List.of("random", "adversarial")) {
            List<String> answers = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (Asked a : asked) {
                if (a.setting().equals("positive") || a.setting().equals(s)) {
                    answers.add(a.answer());
                    labels.add(a.label());
                }
            }
            if (asked.stream().anyMatch(a -> a.setting().equals(s))) {
                out.put(s, PopeScore.of(answers, labels));
            }
        }
        return out;
    }

    @Override
    public String running() {
        return asked.size() + " POPE questions";
    }
}
