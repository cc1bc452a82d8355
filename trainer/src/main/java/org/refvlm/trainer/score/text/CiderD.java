package org.refvlm.trainer.score.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CIDEr-D as pycocoevalcap's {@code CiderScorer} computes it: n-grams of 1 to 4 words weighted by
 * tf-idf, with document frequencies counted over the reference sets of the evaluated images (so the
 * score depends on the whole set, not on one image alone); per n the cosine of candidate and
 * reference vectors with the candidate's counts clipped at the reference's, damped by a Gaussian
 * of the length difference (sigma 6); the mean over n and references, times 10.
 */
public final class CiderD {

    public static final int N = 4;
    public static final double SIGMA = 6.0;

    /** The corpus score and one score per image, in the set's order. */
    public record Result(double score, Map<String, Double> perImage) {
    }

    private record Vector(List<Map<String, Double>> byOrder, double[] norm, int length) {
    }

    public Result score(CaptionSet set) {
        List<String> ids = set.ids();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no captions to score");
        }
        List<List<Map<String, Integer>>> refCounts = new ArrayList<>();
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (String id : ids) {
            List<Map<String, Integer>> refs = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (String r : set.references().get(id)) {
                Map<String, Integer> c = NGrams.count(NGrams.words(r), N);
                refs.add(c);
                seen.addAll(c.keySet());
            }
            seen.forEach(g -> documentFrequency.merge(g, 1, Integer::sum));
            refCounts.add(refs);
        }
        double refLength = Math.log(ids.size());
        Map<String, Double> perImage = new LinkedHashMap<>();
        double sum = 0;
        for (int i = 0; i < ids.size(); i++) {
            Vector hyp = vector(NGrams.count(NGrams.words(set.candidates().get(ids.get(i))), N), documentFrequency,
                    refLength);
            double[] acc = new double[N];
            for (Map<String, Integer> ref : refCounts.get(i)) {
                double[] s = similarity(hyp, vector(ref, documentFrequency, refLength));
                for (int n = 0; n < N; n++) {
                    acc[n] += s[n];
                }
            }
            double mean = 0;
            for (double v : acc) {
                mean += v;
            }
            mean /= N;
            double score = mean / refCounts.get(i).size() * 10.0;
            perImage.put(ids.get(i), score);
            sum += score;
        }
        return new Result(sum / ids.size(), perImage);
    }

    private static Vector vector(Map<String, Integer> counts, Map<String, Integer> df, double refLength) {
        List<Map<String, Double>> vec = new ArrayList<>();
        for (int n = 0; n < N; n++) {
            vec.add(new LinkedHashMap<>());
        }
        double[] norm = new double[N];
        int length = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            double idf = Math.log(Math.max(1.0, df.getOrDefault(e.getKey(), 0)));
            int n = NGrams.order(e.getKey()) - 1;
            double v = e.getValue() * (refLength - idf);
            vec.get(n).put(e.getKey(), v);
            norm[n] += v * v;
            // the reference counts bigrams as the "length" of a sentence; kept, since scores depend on it
            if (n == 1) {
                length += e.getValue();
            }
        }
        for (int n = 0; n < N; n++) {
            norm[n] = Math.sqrt(norm[n]);
        }
        return new Vector(vec, norm, length);
    }

    private static double[] similarity(Vector hyp, Vector ref) {
        double delta = hyp.length() - ref.length();
        double[] val = new double[N];
        for (int n = 0; n < N; n++) {
            for (Map.Entry<String, Double> e : hyp.byOrder().get(n).entrySet()) {
                double r = ref.byOrder().get(n).getOrDefault(e.getKey(), 0.0);
                val[n] += Math.min(e.getValue(), r) * r;
            }
            if (hyp.norm()[n] != 0 && ref.norm()[n] != 0) {
                val[n] /= hyp.norm()[n] * ref.norm()[n];
            }
            val[n] *= Math.pow(Math.E, -(delta * delta) / (2 * SIGMA * SIGMA));
        }
        return val;
    }
}
