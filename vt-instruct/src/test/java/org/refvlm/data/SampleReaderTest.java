package org.refvlm.data;

import org.junit.jupiter.api.Test;
import org.refvlm.data.synth.SynthOptions;
import org.refvlm.data.synth.Split;
import org.refvlm.data.synth.SyntheticDataset;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SampleReaderTest {

    static Sample recSample() {
        TrpAnswer a = new TrpAnswerBuilder().phrase("the red star", Unit.BOX, List.of(0)).build();
        Turn t = new Turn(TaskType.REC.hint(), "<image>Where is the red star?", List.of(), a.text(), a.groups());
        Targets targets = new Targets(List.of(new Box(1, 2, 10, 12)), List.of(), List.of(), List.of(), List.of());
        return new Sample("s1", "test", TaskType.REC, new ImageRef("x.png", 20, 20), targets, List.of(), List.of(t), Map.of("k", "v"));
    }

    static String line(Sample s) throws Exception {
        StringWriter w = new StringWriter();
        try (SampleWriter out = new SampleWriter(w)) {
            out.write(s);
        }
        return w.toString();
    }

    @Test
    void writesAndReadsBack() throws Exception {
        SyntheticDataset d = new SyntheticDataset(SynthOptions.of(40, Split.TEST, 3));
        StringWriter w = new StringWriter();
        List<Sample> written = new ArrayList<>();
        try (SampleWriter out = new SampleWriter(w)) {
            for (int i = 0; i < 40; i++) {
                Sample s = d.sample(i);
                written.add(s);
                out.write(s);
            }
        }
        List<SampleProblem> problems = new ArrayList<>();
        List<Sample> read = new ArrayList<>();
        try (SampleReader r = new SampleReader(new StringReader(w.toString()), "mem", new SampleValidator(null), problems::add)) {
            r.forEachRemaining(read::add);
        }
        assertThat(problems).isEmpty();
        assertThat(read).hasSize(40);
        for (int i = 0; i < 40; i++) {
            // coordinates are written with two decimals, so compare what survives a second round trip
            assertThat(line(read.get(i))).isEqualTo(line(written.get(i)));
            assertThat(read.get(i).turns()).isEqualTo(written.get(i).turns());
            assertThat(read.get(i).targets().masks()).isEqualTo(written.get(i).targets().masks());
        }
    }

    @Test
    void reportsCountsAndSkipsBadRecordsWithFileAndLine() throws Exception {
        String good = line(recSample());
        String badTrp = good.replace("[0]<REF>", "[1]<REF>");
        String badTask = good.replace("\"task\":\"rec\"", "\"task\":\"nope\"");
        String boxOutside = good.replace("[1,2,10,12]", "[1,2,50,12]");
        String badRef = good.replace("\"refs\":{\"box\":[0]}", "\"refs\":{\"box\":[3]}");
        String badMask = good.replace("\"targets\":{", "\"targets\":{\"masks\":[{\"size\":[20,20],\"counts\":\"0a\"}],");
        String noImage = good.replace("<image>", "");
        String input = good + "not json at all\n" + badTrp + "\n" + badTask + boxOutside + badRef + badMask + noImage
                + "x".repeat(5000) + "\n" + good;
        List<SampleProblem> problems = new ArrayList<>();
        List<Sample> read = new ArrayList<>();
        try (SampleReader r = new SampleReader(new StringReader(input), "data.jsonl", new SampleValidator(null), problems::add, 2000)) {
            r.forEachRemaining(read::add);
            assertThat(r.problemCount()).isEqualTo(8);
            assertThat(r.samplesRead()).isEqualTo(2);
        }
        assertThat(read).hasSize(2);
        assertThat(problems).extracting(SampleProblem::line).containsExactly(2L, 3L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(problems).allSatisfy(p -> assertThat(p.file()).isEqualTo("data.jsonl"));
        assertThat(problems.get(0).message()).contains("not JSON");
        assertThat(problems.get(1).message()).contains("turns[0] answer: 5:47: INDEX_GAP: index [1] skips [0]");
        assertThat(problems.get(2).message()).contains("unknown task type");
        assertThat(problems.get(3).message()).contains("outside");
        assertThat(problems.get(4).message()).contains("out of range");
        assertThat(problems.get(5).message()).contains("masks[0]");
        assertThat(problems.get(6).message()).contains("<image>");
        assertThat(problems.get(7).message()).contains("longer than the limit");
        assertThat(problems.get(1).toString()).startsWith("data.jsonl:3: ");
    }
}
