package org.refvlm.trainer.score.text;

import java.util.List;

/**
 * POPE's metrics with "yes" as the positive class: accuracy, precision, recall, F1 and the share of
 * answers read as yes. Precision (recall, F1) is NaN when nothing was answered yes (nothing is
 * labelled yes), where the reference would divide by zero.
 */
public record PopeScore(int truePositives, int falsePositives, int trueNegatives, int falseNegatives) {

    /**
     * @param answers free-text answers, read by {@link PopeAnswer}
     * @param labels  the truth, {@code yes} or {@code no} (any other word counts as yes, as in the reference)
     */
    public static PopeScore of(List<String> answers, List<String> labels) {
        if (answers.size() != labels.size()) {
            throw new IllegalArgumentException(answers.size() + " answers for " + labels.size() + " labels");
        }
        if (answers.isEmpty()) {
            throw new IllegalArgumentException("no answers to score");
        }
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < answers.size(); i++) {
            boolean said = PopeAnswer.isYes(answers.get(i));
            boolean truth = !labels.get(i).equals("no");
            if (said && truth) {
                tp++;
            } else if (said) {
                fp++;
            } else if (!truth) {
                tn++;
            } else {
                fn++;
            }
        }
        return new PopeScore(tp, fp, tn, fn);
    }

    public int total() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    public double accuracy() {
        return (double) (truePositives + trueNegatives) / total();
    }

    public double precision() {
        return (double) truePositives / (truePositives + falsePositives);
    }

    public double recall() {
        return (double) truePositives / (truePositives + falseNegatives);
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return 2 * p * r / (p + r);
    }

    public double yesRatio() {
        return (double) (truePositives + falsePositives) / total();
    }
}
