package org.refvlm.trainer.score.text;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The VQA challenge's accuracy: an answer counts min(1, matches / 3) against the human answers,
 * averaged over the ten ways of leaving one human answer out (so 3 agreeing humans of 10 give 0.9
 * per leave-one-out average, 4 or more give 1). Answers are normalised first
 * ({@link VqaAnswerNormalizer}); human answers only have their punctuation normalised, and only when
 * they disagree, exactly as the script does. Figures are percentages rounded to two decimals the way
 * Python's {@code round} rounds (half to even on the exact binary value).
 */
public final class VqaAccuracy {

    private final VqaAnswerNormalizer normalizer = new VqaAnswerNormalizer();

    /** Overall, per answer type, per question type and per question, in percent. */
    public record Result(double overall, Map<String, Double> perAnswerType, Map<String, Double> perQuestionType,
            Map<String, Double> perQuestion) {
    }

    /** The accuracy of one answer, in [0, 1], before rounding. */
    public double accuracy(VqaQuestion q) {
        String predicted = normalizer.answer(q.predicted());
        List<String> humans = new ArrayList<>(q.humanAnswers());
        if (humans.stream().distinct().count() > 1) {
            humans.replaceAll(normalizer::punctuation);
        }
        double sum = 0;
        for (int left = 0; left < humans.size(); left++) {
            int matches = 0;
            for (int j = 0; j < humans.size(); j++) {
                if (j != left && humans.get(j).equals(predicted)) {
                    matches++;
                }
            }
            sum += Math.min(1, matches / 3.0);
        }
        return sum / humans.size();
    }

    public Result score(List<VqaQuestion> questions) {
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("no questions to score");
        }
        List<Double> all = new ArrayList<>();
        Map<String, List<Double>> byAnswerType = new LinkedHashMap<>();
        Map<String, List<Double>> byQuestionType = new LinkedHashMap<>();
        Map<String, Double> perQuestion = new LinkedHashMap<>();
        for (VqaQuestion q : questions) {
            double acc = accuracy(q);
            all.add(acc);
            byAnswerType.computeIfAbsent(q.answerType(), k -> new ArrayList<>()).add(acc);
            byQuestionType.computeIfAbsent(q.questionType(), k -> new ArrayList<>()).add(acc);
            perQuestion.put(q.id(), round2(100 * acc));
        }
        return new Result(percent(all), percents(byAnswerType), percents(byQuestionType), perQuestion);
    }

    private static Map<String, Double> percents(Map<String, List<Double>> groups) {
        Map<String, Double> out = new LinkedHashMap<>();
        groups.forEach((k, v) -> out.put(k, percent(v)));
        return out;
    }

    /** 100 * sum / n rounded, summed left to right as Python's {@code sum} does. */
    private static double percent(List<Double> values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return round2(100 * s / values.size());
    }

    /** Python's {@code round(x, 2)}: correctly rounded from the double's exact value, ties to even. */
    static double round2(double x) {
        return new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    }
}
