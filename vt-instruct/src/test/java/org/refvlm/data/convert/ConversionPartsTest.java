package org.refvlm.data.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.data.SampleWriter;
import org.refvlm.data.TaskType;

/**
 * A conversion done in parts (what refvlm-spark's tasks do) writes the samples of the whole conversion, in
 * its order, and its merged report is the whole conversion's, problems in the same order.
 */
class ConversionPartsTest {
    @TempDir
    Path out;

    private interface Part {
        ConversionPart convert(SampleWriter w) throws IOException;
    }

    private record Written(String text, ConversionPart part) {
    }

    private static Written write(Part part) throws IOException {
        StringWriter text = new StringWriter();
        SampleWriter w = new SampleWriter(text);
        ConversionPart p = part.convert(w);
        w.flush();
        return new Written(text.toString(), p);
    }

    /** The whole conversion's text and report against the parts' text, concatenated, and merged report. */
    private static void assertPartsMakeTheWhole(Written whole, List<Written> parts) {
        StringBuilder text = new StringBuilder();
        List<ConversionPart> reports = new ArrayList<>();
        for (Written w : parts) {
            text.append(w.text());
            reports.add(w.part());
        }
        assertThat(text.toString()).isEqualTo(whole.text());
        assertThat(ConversionPart.merge(reports)).isEqualTo(whole.part().report());
    }

    @Test
    void cocoFilesInImageRanges() throws IOException {
        Path coco = Fixtures.dir("coco");
        CocoConverter c = new CocoConverter(Fixtures.options(out, allCocoTasks()));
        for (CocoFile kind : CocoFile.values()) {
            Path json = coco.resolve(switch (kind) {
                case INSTANCES -> "instances_val2017.json";
                case CAPTIONS -> "captions_val2017.json";
                case KEYPOINTS -> "person_keypoints_val2017.json";
            });
            Written whole = write(w -> kind.convert(c, json, KeyRange.ALL, w));
            assertThat(whole.part().report().problemCount()).as(kind.stem()).isPositive();
            for (int parts = 2; parts <= 4; parts++) {
                List<Written> written = new ArrayList<>();
                for (KeyRange r : KeyRange.split(CocoConverter.imageIds(json), parts)) {
                    written.add(write(w -> kind.convert(c, json, r, w)));
                }
                assertThat(written).hasSize(Math.min(parts, 3));
                assertPartsMakeTheWhole(whole, written);
            }
        }
    }

    private static Set<TaskType> allCocoTasks() {
        Set<TaskType> tasks = new HashSet<>(CocoConverter.INSTANCE_TASKS);
        tasks.addAll(CocoConverter.KEYPOINT_TASKS);
        tasks.add(TaskType.CAPTION);
        return tasks;
    }

    @Test
    void refcocoInSlicesOfRefs() throws IOException {
        Path dir = Fixtures.dir("refcoco");
        Path refs = dir.resolve("refs(unc).p"), instances = dir.resolve("instances.json");
        RefCocoConverter c = new RefCocoConverter(Fixtures.options(out, RefCocoConverter.TASKS));
        Written whole = write(w -> c.convert(refs, instances, "refcoco", Set.of(), Slice.ALL, w));
        int n = RefCocoConverter.refCount(refs, Set.of());
        assertThat(n).isEqualTo(6);
        for (int parts = 2; parts <= n; parts++) {
            List<Written> written = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                Slice s = new Slice(p, parts);
                written.add(write(w -> c.convert(refs, instances, "refcoco", Set.of(), s, w)));
            }
            assertPartsMakeTheWhole(whole, written);
        }
    }

    @Test
    void flickr30kInRunsOfImages() throws IOException {
        Path dir = Fixtures.dir("flickr30k");
        Flickr30kConverter c = new Flickr30kConverter(Fixtures.options(out, Flickr30kConverter.TASKS));
        List<String> ids = Flickr30kConverter.imageIds(dir.resolve("Sentences"), List.of());
        assertThat(ids).hasSize(3);
        Written whole = write(w -> c.convertImages(dir.resolve("Annotations"), dir.resolve("Sentences"), ids, w));
        List<Written> written = new ArrayList<>();
        for (List<String> run : List.of(ids.subList(0, 1), ids.subList(1, 3))) {
            written.add(write(w -> c.convertImages(dir.resolve("Annotations"), dir.resolve("Sentences"), run, w)));
        }
        assertPartsMakeTheWhole(whole, written);
    }

    @Test
    void vqav2InQuestionRanges() throws IOException {
        Path dir = Fixtures.dir("vqav2");
        Path q = dir.resolve("v2_OpenEnded_mscoco_val2014_questions.json"), a = dir.resolve("v2_mscoco_val2014_annotations.json");
        VqaV2Converter c = new VqaV2Converter(Fixtures.options(out, Set.of(TaskType.VQA)));
        Written whole = write(w -> c.convert(q, a, null, KeyRange.ALL, w));
        for (int parts = 2; parts <= 4; parts++) {
            List<Written> written = new ArrayList<>();
            for (KeyRange r : KeyRange.split(VqaV2Converter.questionIds(q), parts)) {
                written.add(write(w -> c.convert(q, a, null, r, w)));
            }
            assertPartsMakeTheWhole(whole, written);
        }
    }

    @Test
    void keyRangesCoverEveryKeyOnce() {
        long[] keys = LongStream.range(0, 50).map(k -> k * 7919).toArray();
        List<KeyRange> ranges = KeyRange.split(keys, 4);
        assertThat(ranges).hasSize(4);
        assertThat(ranges).filteredOn(KeyRange::first).hasSize(1);
        for (long k = -100; k < 400_000; k += 37) {
            long key = k;
            assertThat(ranges).as("key %d", key).filteredOn(r -> r.contains(key)).hasSize(1);
        }
        for (KeyRange r : ranges) {
            assertThat(LongStream.of(keys).filter(r::contains).count()).isBetween(12L, 13L);
        }
        assertThat(KeyRange.split(new long[]{5, 5, 5}, 3)).containsExactly(KeyRange.ALL);
        assertThat(KeyRange.split(new long[0], 2)).containsExactly(KeyRange.ALL);
        assertThatThrownBy(() -> new Slice(2, 2)).hasMessageContaining("slice 2 of 2");
    }
}
