package org.refvlm.data.synth;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.refvlm.data.Sample;
import org.refvlm.data.SampleReader;
import org.refvlm.data.SampleValidator;
import org.refvlm.data.SampleWriter;
import org.refvlm.data.TaskType;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SynthPropertiesTest {

    /** Any seed, size and task gives a valid sample that survives the JSON round trip. */
    @Property(tries = 150)
    void anySampleIsValidAndRoundTrips(@ForAll @LongRange(min = -1_000_000, max = 1_000_000) long seed,
                                       @ForAll @IntRange(min = 64, max = 320) int size,
                                       @ForAll TaskType task, @ForAll Split split) throws Exception {
        SynthOptions o = new SynthOptions(1, split, seed, List.of(task), new SceneConfig(size, 2, 8), 1, true);
        Sample s = new SyntheticDataset(o).sample(0);
        assertThat(new SampleValidator(null).validate(s)).as(s.id()).isEmpty();
        StringWriter w = new StringWriter();
        try (SampleWriter out = new SampleWriter(w)) {
            out.write(s);
        }
        try (SampleReader r = new SampleReader(new StringReader(w.toString()), "mem", new SampleValidator(null), null)) {
            Sample back = r.next();
            assertThat(back.turns()).isEqualTo(s.turns());
            assertThat(back.targets().masks()).isEqualTo(s.targets().masks());
            assertThat(back.task()).isEqualTo(task);
            assertThat(r.problemCount()).isZero();
        }
    }
}
