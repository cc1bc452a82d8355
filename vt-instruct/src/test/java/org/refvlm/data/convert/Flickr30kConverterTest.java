package org.refvlm.data.convert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.data.Box;
import org.refvlm.data.Sample;
import org.refvlm.data.TaskType;
import org.refvlm.data.Unit;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Flickr30kConverterTest {
    final Path dir = Fixtures.dir("flickr30k");

    @Test
    void sentencesBecomeGroundedCaptions(@TempDir Path out) throws Exception {
        Flickr30kConverter c = new Flickr30kConverter(Fixtures.options(out, Flickr30kConverter.TASKS));
        Fixtures.Result r = Fixtures.convert(out, w -> c.convert(dir.resolve("Annotations"), dir.resolve("Sentences"), List.of(), w));
        assertThat(r.samples()).hasSize(4);
        Sample first = r.samples().get(0);
        assertThat(first.task()).isEqualTo(TaskType.GCG_BOX);
        assertThat(first.turns().get(0).answer()).isEqualTo("<Task>\nUnit decode (True). Class name, target unit and number:\n"
                + "- Name: Two young guys Unit: box Num: 2\n- Name: shaggy hair Unit: box Num: 1\n</Task>\n"
                + "<Phrase>Two young guys</Phrase>(<Unit>box</Unit>[0]<REF>[1]<REF>) with "
                + "<Phrase>shaggy hair</Phrase>(<Unit>box</Unit>[0]<REF>) look at their hands while hanging out in the yard.");
        // Pascal VOC style 1-based inclusive corners become 0-based exclusive ones
        assertThat(first.targets().boxes().get(0)).isEqualTo(new Box(9, 4, 40, 70));
        assertThat(first.turns().get(0).groups().get(1).refs().get(Unit.BOX)).containsExactly(2);
        assertThat(r.samples().get(2).task()).isEqualTo(TaskType.CAPTION);
        assertThat(r.samples().get(2).turns().get(0).answer()).endsWith("A garden on a sunny day.");
        // an object naming two entities gives its box to both
        assertThat(r.samples().get(3).targets().boxes()).containsExactly(new Box(11, 5, 38, 20));

        assertThat(r.report().problemCount()).isEqualTo(3);
        assertThat(r.report().problems()).extracting(SourceProblem::toString)
                .anyMatch(p -> p.startsWith("1000092795.txt:line 5: ") && p.contains("not closed"))
                .anyMatch(p -> p.startsWith("1001465944.xml:line ") && p.contains("malformed XML"))
                .anyMatch(p -> p.startsWith("1002674143.xml") && p.contains("missing"));
    }

    @Test
    void idsAndTaskChoice(@TempDir Path out) throws Exception {
        Flickr30kConverter c = new Flickr30kConverter(Fixtures.options(out, java.util.Set.of(TaskType.GCG_BOX)));
        Fixtures.Result r = Fixtures.convert(out, w -> c.convert(dir.resolve("Annotations"), dir.resolve("Sentences"), List.of("1000092795"), w));
        assertThat(r.samples()).hasSize(3).extracting(Sample::task).containsOnly(TaskType.GCG_BOX);
        assertThat(r.report().problemCount()).isEqualTo(1);
    }

    @Test
    void markupParser() {
        FlickrSentence s = FlickrSentence.parse("[/EN#5/people/bodyparts The hair] is long .");
        assertThat(s.segments()).hasSize(2);
        assertThat(s.segments().get(0).types()).containsExactly("people", "bodyparts");
        for (String bad : new String[]{"a ] b", "[/EN#x/people a]", "[/EN#1/people]", "[people a]", "[/EN#1/p a [b]", "[/EN#1/people <> ]"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> FlickrSentence.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
