package org.refvlm.trainer.score.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.tartarus.snowball.ext.englishStemmer;

/**
 * The word alignment METEOR 1.5 scores, with its exact, stem and synonym stages: every candidate
 * word that equals a reference word, or has the same Snowball English stem, or shares a WordNet
 * synset with it ({@link WordNetSynonyms}), is a possible match; pairs that have no competitor are
 * fixed first; the rest is chosen by a beam search of 40
 * partial alignments, reading the reference left to right, preferring more matched words, then
 * fewer chunks (runs of matches contiguous in both sentences), then less word-order distance.
 *
 * <p>During the search METEOR counts words in whole numbers after weighting them (exact 1, stem and
 * synonym 0.5), so a stem or synonym match adds nothing to the "more matches" criterion; that rounding is kept, since
 * it decides which alignment wins.
 */
final class MeteorAligner {

    static final int EXACT = 0;
    static final int STEM = 1;
    static final int SYNONYM = 2;
    private static final int BEAM = 40;
    private static final double[] SEARCH_WEIGHTS = {1.0, 0.5, 0.5};

    /** Candidate word {@code test} matched to reference word {@code ref} by a stage. */
    record Match(int ref, int test, int stage) {
    }

    /** The chosen matches, indexed by reference position (null = unmatched), and the chunk count. */
    record Alignment(Match[] byRef, int chunks) {

        int matchedWords() {
            return (int) Arrays.stream(byRef).filter(m -> m != null).count();
        }

        int matchesOfStage(int stage) {
            return (int) Arrays.stream(byRef).filter(m -> m != null && m.stage() == stage).count();
        }
    }

    private static final class Path {
        Match[] byRef;
        boolean[] testUsed;
        boolean[] refUsed;
        int matches;
        int chunks;
        int next;
        int lastTestEnd = -1;
        int distance;

        Path(int refLength, int testLength) {
            byRef = new Match[refLength];
            testUsed = new boolean[testLength];
            refUsed = new boolean[refLength];
        }

        Path(Path o) {
            byRef = o.byRef.clone();
            testUsed = o.testUsed.clone();
            refUsed = o.refUsed.clone();
            matches = o.matches;
            chunks = o.chunks;
            next = o.next;
            lastTestEnd = o.lastTestEnd;
            distance = o.distance;
        }

        /** Takes a match: counts it and starts a new chunk when it does not continue the last one in the test. */
        void take(Match m) {
            // once for the test word, once for the reference word, each rounded down as METEOR's integer counters do
            matches = (int) (matches + SEARCH_WEIGHTS[m.stage()]);
            matches = (int) (matches + SEARCH_WEIGHTS[m.stage()]);
            if (lastTestEnd != -1 && m.test() != lastTestEnd) {
                chunks++;
            }
            next = m.ref() + 1;
            lastTestEnd = m.test() + 1;
        }
    }

    private static final Comparator<Path> BEST_FIRST = (x, y) -> {
        if (x.matches != y.matches) {
            return y.matches > x.matches ? 1 : -1;
        }
        if (x.chunks != y.chunks) {
            return x.chunks - y.chunks;
        }
        return x.distance - y.distance;
    };

    private final englishStemmer stemmer = new englishStemmer();

    Alignment align(List<String> test, List<String> ref) {
        List<List<Match>> candidates = new ArrayList<>();
        int[] testCover = new int[test.size()];
        int[] refCover = new int[ref.size()];
        for (int j = 0; j < ref.size(); j++) {
            candidates.add(new ArrayList<>());
        }
        boolean identical = test.equals(ref);
        for (int j = 0; j < ref.size(); j++) {
            for (int i = 0; i < test.size(); i++) {
                if (test.get(i).equals(ref.get(j))) {
                    candidates.get(j).add(new Match(j, i, EXACT));
                    testCover[i]++;
                    refCover[j]++;
                }
            }
        }
        if (!identical) {
            List<String> testStems = test.stream().map(this::stem).toList();
            List<String> refStems = ref.stream().map(this::stem).toList();
            for (int j = 0; j < ref.size(); j++) {
                for (int i = 0; i < test.size(); i++) {
                    if (testStems.get(i).equals(refStems.get(j)) && !test.get(i).equals(ref.get(j))) {
                        candidates.get(j).add(new Match(j, i, STEM));
                        testCover[i]++;
                        refCover[j]++;
                    }
                }
            }
            WordNetSynonyms wordNet = WordNetSynonyms.get();
            List<Set<Integer>> testSets = test.stream().map(wordNet::of).toList();
            List<Set<Integer>> refSets = ref.stream().map(wordNet::of).toList();
            for (int j = 0; j < ref.size(); j++) {
                for (int i = 0; i < test.size(); i++) {
                    // METEOR adds a synonym match for different words even when the stem stage matched them too
                    if (!test.get(i).equals(ref.get(j)) && !Collections.disjoint(testSets.get(i), refSets.get(j))) {
                        candidates.get(j).add(new Match(j, i, SYNONYM));
                        testCover[i]++;
                        refCover[j]++;
                    }
                }
            }
        }
        Path start = new Path(ref.size(), test.size());
        for (int j = 0; j < ref.size(); j++) {
            if (candidates.get(j).size() == 1) {
                Match m = candidates.get(j).get(0);
                if (refCover[j] == 1 && testCover[m.test()] == 1) {
                    start.byRef[j] = m;
                    start.refUsed[j] = true;
                    start.testUsed[m.test()] = true;
                }
            }
        }
        Path best = search(candidates, start);
        return new Alignment(best.byRef, countChunks(best.byRef));
    }

    private Path search(List<List<Match>> candidates, Path start) {
        List<Path> next = new ArrayList<>(List.of(start));
        int n = candidates.size();
        for (int current = 0; current <= n; current++) {
            List<Path> paths = next;
            next = new ArrayList<>();
            paths.sort(BEST_FIRST);
            for (int rank = 0; rank < BEAM && rank < paths.size(); rank++) {
                Path path = paths.get(rank);
                if (current == n) {
                    if (path.lastTestEnd != -1) {
                        path.chunks++;
                    }
                    next.add(path);
                    continue;
                }
                if (path.refUsed[current]) {
                    if (current < path.next) {
                        next.add(path); // inside a match already taken
                    } else if (path.byRef[path.next] != null) {
                        Match m = path.byRef[path.next]; // a match fixed before the search
                        path.take(m);
                        path.distance += Math.abs(m.ref() - m.test());
                        next.add(path);
                    }
                    continue;
                }
                for (Match m : candidates.get(current)) {
                    if (path.testUsed[m.test()] || path.refUsed[m.ref()]) {
                        continue;
                    }
                    Path p = new Path(path);
                    p.refUsed[m.ref()] = true;
                    p.testUsed[m.test()] = true;
                    p.byRef[current] = m;
                    p.take(m);
                    // METEOR adds this distance to the path it branched from, not to the new one; kept for its tie-breaks
                    path.distance += Math.abs(m.ref() - m.test());
                    next.add(p);
                }
                if (path.lastTestEnd != -1) {
                    path.chunks++;
                    path.lastTestEnd = -1;
                }
                path.next++;
                next.add(path);
            }
            if (next.isEmpty()) {
                next.add(paths.get(0));
            }
        }
        next.sort(BEST_FIRST);
        return next.get(0);
    }

    /** Chunks of the final alignment: a new one at every gap in the reference or jump in the test. */
    private static int countChunks(Match[] byRef) {
        int chunks = 0;
        int lastTestEnd = -1;
        for (Match m : byRef) {
            if (m == null) {
                if (lastTestEnd != -1) {
                    chunks++;
                    lastTestEnd = -1;
                }
                continue;
            }
            if (lastTestEnd != -1 && m.test() != lastTestEnd) {
                chunks++;
            }
            lastTestEnd = m.test() + 1;
        }
        return lastTestEnd != -1 ? chunks + 1 : chunks;
    }

    private String stem(String word) {
        stemmer.setCurrent(word);
        stemmer.stem();
        return stemmer.getCurrent();
    }
}
