package org.refvlm.trainer.score.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** METEOR (exact+stem+synonym) on sentences whose statistics can be counted by hand. */
class MeteorTest {

    private final Meteor meteor = new Meteor();

    @Test
    void anIdenticalSentenceHasNoFragmentationPenalty() {
        // P = R = 1, one chunk covering everything: the penalty is defined as 0
        assertThat(meteor.segment("a red star on a wall", List.of("a red star on a wall")).score()).isEqualTo(1.0);
    }

    @Test
    void scoreFollowsMeteorsFormulaForExactMatchesInTwoChunks() {
        // test: "the star is red" (4), ref: "the red star" (3); matches: the, star, red = 3 words.
        // test order: the(0) star(1) red(3); ref order: the(0) red(1) star(2) -> chunks: [the] [red] [star] = 3
        double p = 3 / 4.0;
        double r = 3 / 3.0;
        double fMean = p * r / (0.85 * p + 0.15 * r);
        double penalty = 0.6 * Math.pow(3 / 3.0, 0.2);
        assertThat(meteor.segment("the star is red", List.of("the red star")).score())
                .isCloseTo(fMean * (1 - penalty), within(1e-12));
    }

    @Test
    void stemsMatchWithWeightPointSix() {
        // "stars" and "star" share the Snowball stem "star": one stem match of weight 0.6; every word is
        // matched in one chunk, so there is no fragmentation penalty
        Meteor.Stats s = meteor.segment("red stars", List.of("red star"));
        double p = (1 + 0.6) / 2;
        assertThat(s.score()).isCloseTo(p, within(1e-12));
        // a gap makes two chunks: "red big stars" against "red stars" -> matches red, stars (exact)
        double p2 = 2 / 3.0;
        double r2 = 1.0;
        double fMean = p2 * r2 / (0.85 * p2 + 0.15 * r2);
        assertThat(meteor.segment("red big stars", List.of("red stars")).score())
                .isCloseTo(fMean * (1 - 0.6 * Math.pow(2 / 2.0, 0.2)), within(1e-12));
    }

    @Test
    void wordNetSynonymsMatchWithWeightPointEight() {
        // "large" and "big" share a WordNet synset; "car" and "automobile" too; "star" and "circle" do not
        double p = (1 + 0.8) / 2;
        assertThat(meteor.segment("large star", List.of("big star")).score()).isCloseTo(p, within(1e-12));
        assertThat(meteor.segment("automobile", List.of("car")).score()).isCloseTo(0.8, within(1e-12));
        assertThat(meteor.segment("circle", List.of("star")).score()).isZero();
        // a base form found by WordNet's suffix rules: "cars" is "car", a synonym of "automobile"
        assertThat(WordNetSynonyms.get().base("cars")).isEqualTo("car");
        assertThat(meteor.segment("automobiles", List.of("cars")).score()).isPositive();
    }

    @Test
    void theBestReferenceCountsAndTheCorpusScoreSumsStatistics() {
        CaptionSet set = new CaptionSet(Map.of("1", "a red star"), Map.of("1", List.of("a blue circle", "a red star")));
        Meteor.Result r = meteor.score(set);
        assertThat(r.perImage().get("1")).isEqualTo(1.0);
        assertThat(r.score()).isEqualTo(1.0);
    }

    @Test
    void nothingInCommonScoresZero() {
        assertThat(meteor.segment("blue circle", List.of("red star")).score()).isZero();
    }
}
