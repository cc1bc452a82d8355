package org.refvlm.trainer.score.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * METEOR 1.5's score with its default English parameters (alpha 0.85, beta 0.20, gamma 0.60) and
 * three of its four matching stages: exact words (weight 1.0), Snowball stems (weight 0.6) and
 * WordNet synonyms (weight 0.8, from WordNet 3.1 where METEOR ships 3.0). Reports name it
 * "METEOR (exact+stem+synonym)", because it is not the reference's number:
 * <ul>
 *   <li>no paraphrase stage: METEOR's paraphrase table is not packaged in a registry this project
 *       can use;</li>
 *   <li>no function-word weighting (delta 0.75): METEOR's English function-word list is part of its
 *       LGPL data, so every word counts as a content word here.</li>
 * </ul>
 * Per segment: Fmean = P R / (alpha P + (1 - alpha) R) over weighted matches, penalty =
 * gamma (chunks / matched words)^beta, score = Fmean (1 - penalty); the best-scoring reference
 * wins. The corpus score is computed on the summed statistics of every segment's best reference,
 * as METEOR's {@code EVAL} line (which pycocoevalcap reads) does.
 */
public final class Meteor {

    public static final String NAME = "METEOR (exact+stem+synonym)";
    static final double ALPHA = 0.85;
    static final double BETA = 0.20;
    static final double GAMMA = 0.60;
    static final double[] STAGE_WEIGHTS = {1.0, 0.6, 0.8};

    private static final Stats EMPTY = new Stats(0, 0, new double[STAGE_WEIGHTS.length], new double[STAGE_WEIGHTS.length],
            0, 0, 0);
    private final MeteorAligner aligner = new MeteorAligner();

    /** METEOR's sufficient statistics of one segment; they add up over a corpus. */
    record Stats(int testLength, int refLength, double[] testStageMatches, double[] refStageMatches, int chunks,
            int testWords, int refWords) {

        Stats plus(Stats o) {
            double[] t = testStageMatches.clone();
            double[] r = refStageMatches.clone();
            for (int i = 0; i < t.length; i++) {
                t[i] += o.testStageMatches[i];
                r[i] += o.refStageMatches[i];
            }
            // a segment matched whole in one chunk adds no chunk, as METEOR's aggregation does
            int addedChunks = o.perfect() ? 0 : o.chunks;
            return new Stats(testLength + o.testLength, refLength + o.refLength, t, r, chunks + addedChunks,
                    testWords + o.testWords, refWords + o.refWords);
        }

        /** Every word of both sentences matched, in one chunk: no fragmentation at all. */
        boolean perfect() {
            return testWords == testLength && refWords == refLength && chunks == 1;
        }

        double score() {
            double testWeighted = 0;
            double refWeighted = 0;
            for (int i = 0; i < STAGE_WEIGHTS.length; i++) {
                testWeighted += testStageMatches[i] * STAGE_WEIGHTS[i];
                refWeighted += refStageMatches[i] * STAGE_WEIGHTS[i];
            }
            double precision = testWeighted / testLength;
            double recall = refWeighted / refLength;
            double fMean = 1.0 / (((1.0 - ALPHA) / precision) + (ALPHA / recall));
            double frag = perfect() ? 0 : chunks / ((testWords + refWords) / 2.0);
            double score = fMean * (1.0 - GAMMA * Math.pow(frag, BETA));
            return Double.isNaN(score) ? 0 : Math.max(score, 0.0);
        }
    }

    /** The corpus score and each image's segment score. */
    public record Result(double score, Map<String, Double> perImage) {
    }

    public Result score(CaptionSet set) {
        Stats total = EMPTY;
        Map<String, Double> perImage = new LinkedHashMap<>();
        for (String id : set.ids()) {
            Stats best = segment(set.candidates().get(id), set.references().get(id));
            perImage.put(id, best.score());
            total = total.plus(best);
        }
        if (perImage.isEmpty()) {
            throw new IllegalArgumentException("no captions to score");
        }
        return new Result(total.score(), perImage);
    }

    /** The statistics of the reference that scores best against the candidate (the first on a tie). */
    Stats segment(String candidate, List<String> references) {
        List<String> test = NGrams.words(candidate.toLowerCase(java.util.Locale.ROOT));
        Stats best = null;
        double bestScore = -1;
        for (String r : references) {
            List<String> ref = NGrams.words(r.toLowerCase(java.util.Locale.ROOT));
            MeteorAligner.Alignment a = aligner.align(test, ref);
            double[] perStage = new double[STAGE_WEIGHTS.length];
            for (int s = 0; s < perStage.length; s++) {
                perStage[s] = a.matchesOfStage(s);
            }
            int words = a.matchedWords();
            Stats st = new Stats(test.size(), ref.size(), perStage, perStage.clone(), a.chunks(), words, words);
            if (st.score() > bestScore) {
                bestScore = st.score();
                best = st;
            }
        }
        return best;
    }
}
