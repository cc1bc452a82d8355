package org.refvlm.data.convert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.data.BoxPrompt;
import org.refvlm.data.MaskPrompt;
import org.refvlm.data.Sample;
import org.refvlm.data.TaskType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefCocoConverterTest {
    final Path dir = Fixtures.dir("refcoco");

    @Test
    void picklePlusInstancesGiveRecResAndReg(@TempDir Path out) throws Exception {
        RefCocoConverter c = new RefCocoConverter(Fixtures.options(out, RefCocoConverter.TASKS));
        Fixtures.Result r = Fixtures.convert(out, w -> c.convert(dir.resolve("refs(unc).p"), dir.resolve("instances.json"), "refcoco", Set.of(), w));
        assertThat(r.samples()).hasSize(5 * 4);
        Sample rec = r.samples().stream().filter(s -> s.id().equals("refcoco-0-1-rec")).findFirst().orElseThrow();
        assertThat(rec.turns().get(0).answer()).endsWith("<Phrase>zebra on the left</Phrase>(<Unit>box</Unit>[0]<REF>)");
        assertThat(rec.turns().get(0).user()).contains("zebra on the left").contains("<image>");
        assertThat(rec.meta()).containsEntry("split", "train").containsEntry("ann_id", "101");
        Sample res = r.samples().stream().filter(s -> s.id().equals("refcoco-5-7-res")).findFirst().orElseThrow();
        assertThat(res.targets().masks().get(0).area()).isEqualTo(400);
        Sample regBox = r.samples().stream().filter(s -> s.id().equals("refcoco-2-3-reg-box")).findFirst().orElseThrow();
        assertThat(regBox.prompts().get(0)).isInstanceOf(BoxPrompt.class);
        assertThat(regBox.turns().get(0).answer()).endsWith("man in red shirt");
        Sample regMask = r.samples().stream().filter(s -> s.id().equals("refcoco-2-3-reg-mask")).findFirst().orElseThrow();
        assertThat(regMask.prompts().get(0)).isInstanceOf(MaskPrompt.class);

        assertThat(r.report().problemCount()).isEqualTo(3);
        assertThat(r.report().problems()).extracting(SourceProblem::toString)
                .anyMatch(p -> p.startsWith("refs(unc).p:record 3: ") && p.contains("annotation 999 not in instances.json"))
                .anyMatch(p -> p.startsWith("refs(unc).p:record 4: ") && p.contains("ann_id"))
                .anyMatch(p -> p.startsWith("refs(unc).p:record 5 sentence 0: "));
    }

    @Test
    void splitFilter(@TempDir Path out) throws Exception {
        RefCocoConverter c = new RefCocoConverter(Fixtures.options(out, Set.of(TaskType.REC)));
        Fixtures.Result r = Fixtures.convert(out, w -> c.convert(dir.resolve("refs(unc).p"), dir.resolve("instances.json"), "refcoco", Set.of("val"), w));
        assertThat(r.samples()).extracting(s -> s.meta().get("split")).containsOnly("val");
        assertThat(r.samples()).hasSize(2);
    }

    /** The refer toolkit's files were written by Python 2, text as byte strings (protocol 0 or 2). */
    @Test
    void readsPython2Pickles(@TempDir Path out) throws Exception {
        for (String name : new String[]{"refs(py2).p", "refs(py2-protocol2).p"}) {
            Path o = out.resolve(name);
            RefCocoConverter c = new RefCocoConverter(Fixtures.options(o, Set.of(TaskType.REC)));
            java.nio.file.Files.createDirectories(o);
            Fixtures.Result r = Fixtures.convert(o, w -> c.convert(dir.resolve(name), dir.resolve("instances.json"), "refcoco", Set.of(), w));
            assertThat(r.samples()).as(name).hasSize(4);
            assertThat(r.report().problemCount()).isZero();
            assertThat(r.samples().get(0).turns().get(0).answer()).endsWith("<Phrase>left zebra</Phrase>(<Unit>box</Unit>[0]<REF>)");
        }
    }

    @Test
    void notAPickle(@TempDir Path out) throws Exception {
        Path bad = out.resolve("refs(unc).p");
        Files.writeString(bad, "this is not a pickle");
        RefCocoConverter c = new RefCocoConverter(Fixtures.options(out, RefCocoConverter.TASKS));
        assertThatThrownBy(() -> Fixtures.convert(out, w -> c.convert(bad, dir.resolve("instances.json"), "refcoco", Set.of(), w)))
                .isInstanceOf(IOException.class).hasMessageContaining("refs(unc).p");
    }
}
