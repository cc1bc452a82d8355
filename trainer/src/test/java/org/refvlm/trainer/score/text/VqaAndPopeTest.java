package org.refvlm.trainer.score.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VqaAndPopeTest {

    @Test
    void anAnswerGivenByThreeOfTenHumansScoresPointNine() {
        List<String> humans = List.of("2", "2", "2", "3", "3", "3", "3", "4", "4", "5");
        assertThat(new VqaAccuracy().accuracy(new VqaQuestion("1", "number", "how many", humans, "Two."))).isEqualTo(0.9);
        assertThat(new VqaAccuracy().accuracy(new VqaQuestion("1", "number", "how many", humans, "three"))).isEqualTo(1.0);
    }

    @Test
    void oneHumanAnswerRepeatedTenTimesIsExactMatchAfterNormalisation() {
        List<String> humans = Collections.nCopies(10, "red");
        assertThat(new VqaAccuracy().accuracy(new VqaQuestion("1", "other", "what", humans, "The red."))).isEqualTo(1.0);
        assertThat(new VqaAccuracy().accuracy(new VqaQuestion("1", "other", "what", humans, "blue"))).isEqualTo(0.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Two dogs.|2 dogs", "dont know|don't know", "3.5|3.5", "yes, an apple|yes apple",
        "the (red) one|red 1"})
    void normalisationFollowsTheChallengeScript(String raw, String normalised) {
        assertThat(new VqaAnswerNormalizer().answer(raw)).isEqualTo(normalised);
    }

    @Test
    void popeReadsNoOnlyFromTheFirstSentence() {
        assertThat(PopeAnswer.isYes("Yes, there is a star.")).isTrue();
        assertThat(PopeAnswer.isYes("There is not a star in the image.")).isFalse();
        assertThat(PopeAnswer.isYes("I see a star. No other.")).isTrue();
        assertThat(PopeAnswer.isYes("No")).isFalse();
        PopeScore s = PopeScore.of(List.of("yes", "no", "yes", "no"), List.of("yes", "yes", "no", "no"));
        assertThat(s.accuracy()).isEqualTo(0.5);
        assertThat(s.precision()).isEqualTo(0.5);
        assertThat(s.recall()).isEqualTo(0.5);
        assertThat(s.yesRatio()).isEqualTo(0.5);
    }
}
