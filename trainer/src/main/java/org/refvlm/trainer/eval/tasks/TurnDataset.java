package org.refvlm.trainer.eval.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.refvlm.api.VisualPrompt;
import org.refvlm.data.BoxPrompt;
import org.refvlm.data.MaskPrompt;
import org.refvlm.data.PointPrompt;
import org.refvlm.data.PromptKind;
import org.refvlm.data.Sample;
import org.refvlm.data.SampleProblem;
import org.refvlm.data.SampleReader;
import org.refvlm.data.ScribblePrompt;
import org.refvlm.data.Turn;
import org.refvlm.data.templates.TemplateBank;
import org.refvlm.trainer.TaskCommands;

/**
 * The turns of some task types in a VT-Instruct folder (every {@code *.jsonl} file, in name order),
 * each ready to ask. Records the reader rejects are counted, the first few kept with their location.
 *
 * @param otherTaskSamples samples of other task types, ignored
 */
public record TurnDataset(Path folder, List<TurnItem> items, long otherTaskSamples, long badRecords,
        List<String> firstBadRecords) {

    public static final int BAD_RECORDS_KEPT = 5;

    public TurnDataset {
        items = List.copyOf(items);
        firstBadRecords = List.copyOf(firstBadRecords);
    }

    /**
     * @param limit at most this many turns, 0 for all
     * @throws IllegalArgumentException when the folder does not exist or holds no {@code .jsonl} file
     */
    public static TurnDataset load(Path folder, Set<org.refvlm.data.TaskType> types, int limit) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("data folder " + folder + " does not exist");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p)).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("data folder " + folder + " has no samples.jsonl (nor any other .jsonl file)");
        }
        List<TurnItem> items = new ArrayList<>();
        List<String> firstBad = new ArrayList<>();
        long[] bad = {0};
        long other = 0;
        for (Path file : files) {
            Path base = file.toAbsolutePath().getParent();
            try (SampleReader reader = SampleReader.open(file, true, (SampleProblem p) -> {
                bad[0]++;
                if (firstBad.size() < BAD_RECORDS_KEPT) {
                    firstBad.add(p.toString());
                }
            })) {
                while ((limit == 0 || items.size() < limit) && reader.hasNext()) {
                    Sample s = reader.next();
                    if (!types.contains(s.task())) {
                        other++;
                        continue;
                    }
                    for (int t = 0; t < s.turns().size() && (limit == 0 || items.size() < limit); t++) {
                        items.add(item(s, t, base));
                    }
                }
            }
        }
        return new TurnDataset(folder, items, other, bad[0], firstBad);
    }

    private static TurnItem item(Sample s, int t, Path base) {
        Turn turn = s.turns().get(t);
        List<VisualPrompt> prompts = new ArrayList<>();
        PromptKind kind = null;
        for (int index : turn.prompts()) {
            org.refvlm.data.VisualPrompt p = s.prompts().get(index);
            if (kind == null) {
                kind = p.kind();
            }
            prompts.add(toPlatform(p));
        }
        return new TurnItem(s, t, base, base.resolve(s.image().path()), TemplateBank.withoutImage(turn.user()), prompts, kind,
                TaskCommands.of(turn.hint()));
    }

    /** The data's prompt as the platform's request takes it; a scribble is its polyline. */
    public static VisualPrompt toPlatform(org.refvlm.data.VisualPrompt p) {
        if (p instanceof PointPrompt pp) {
            return new VisualPrompt.Point(pp.point().x(), pp.point().y());
        }
        if (p instanceof BoxPrompt bp) {
            return new VisualPrompt.Box(bp.box().x0(), bp.box().y0(), bp.box().x1(), bp.box().y1());
        }
        if (p instanceof ScribblePrompt sp) {
            return new VisualPrompt.Scribble(sp.stroke().stream().map(q -> new VisualPrompt.Point(q.x(), q.y())).toList());
        }
        return new VisualPrompt.Mask(((MaskPrompt) p).mask());
    }
}
