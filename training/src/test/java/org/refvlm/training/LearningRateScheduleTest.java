package org.refvlm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    private final LearningRateSchedule s = new LearningRateSchedule(1e-3, 1e-5, 10, 110);

    @Test
    void warmupIsLinearAndReachesThePeak() {
        assertThat(s.at(0)).isCloseTo(1e-4, within(1e-15));
        assertThat(s.at(4)).isCloseTo(5e-4, within(1e-15));
        assertThat(s.at(9)).isCloseTo(1e-3, within(1e-15));
    }

    @Test
    void cosineFromPeakToFloor() {
        // decay over steps 10..109, i.e. 99 intervals
        assertThat(s.at(10)).isCloseTo(1e-3, within(1e-15));
        // step 59 is 49 of 99 intervals into the decay
        assertThat(s.at(59)).isCloseTo(1e-5 + (1e-3 - 1e-5) * 0.5 * (1 + Math.cos(Math.PI * 49 / 99.0)), within(1e-15));
        // halfway the rate is the mean of peak and floor: with 4 decay intervals, step 2 of them
        LearningRateSchedule even = new LearningRateSchedule(1e-3, 1e-5, 10, 15);
        assertThat(even.at(12)).isCloseTo(5.05e-4, within(1e-15));
        assertThat(s.at(109)).isCloseTo(1e-5, within(1e-15));
        assertThat(s.at(500)).isCloseTo(1e-5, within(1e-15));
        for (long i = 10; i < 109; i++) {
            assertThat(s.at(i + 1)).isLessThanOrEqualTo(s.at(i));
        }
    }

    @Test
    void noWarmupStartsAtPeakAndDegenerateRunsStayDefined() {
        LearningRateSchedule nw = new LearningRateSchedule(0.1, 0, 0, 3);
        assertThat(nw.at(0)).isEqualTo(0.1);
        assertThat(nw.at(1)).isCloseTo(0.05, within(1e-15));
        assertThat(nw.at(2)).isCloseTo(0, within(1e-15));
        assertThat(new LearningRateSchedule(0.1, 0, 0, 1).at(0)).isEqualTo(0.1);
        assertThat(new LearningRateSchedule(0.1, 0, 2, 2).at(1)).isEqualTo(0.1);
        assertThatThrownBy(() -> s.at(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LearningRateSchedule(1, 2, 0, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isAPureFunctionOfTheStep() {
        LearningRateSchedule again = new LearningRateSchedule(1e-3, 1e-5, 10, 110);
        for (long i = 0; i < 120; i++) {
            assertThat(again.at(i)).isEqualTo(s.at(i));
        }
    }
}
