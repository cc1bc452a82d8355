package org.refvlm.trainer.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.refvlm.data.PhraseGroup;
import org.refvlm.data.Sample;
import org.refvlm.data.SampleProblem;
import org.refvlm.data.SampleReader;
import org.refvlm.data.Turn;
import org.refvlm.data.templates.TemplateBank;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The samples of one task in a VT-Instruct folder, ready to ask: every {@code *.jsonl} file of the
 * folder in name order ({@code samples.jsonl} for generated data), samples of other tasks left
 * out, unusable ones counted by reason, bad records counted with their first few locations.
 *
 * @param items            the samples to ask, in file order
 * @param skipped          samples of the task that cannot be evaluated, by reason
 * @param otherTaskSamples well-formed samples of other tasks, ignored
 * @param badRecords       records the reader rejected
 * @param firstBadRecords  the first {@link #BAD_RECORDS_KEPT} of them, with file and line
 */
public record EvalDataset(Path folder, EvalTask task, List<EvalItem> items, Map<String, Integer> skipped,
        long otherTaskSamples, long badRecords, List<SampleProblem> firstBadRecords) {

    public static final int BAD_RECORDS_KEPT = 5;
    private static final Logger LOG = LoggerFactory.getLogger(EvalDataset.class);

    public EvalDataset {
        items = List.copyOf(items);
        skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
        firstBadRecords = List.copyOf(firstBadRecords);
    }

    /**
     * Reads the samples of {@code task} from {@code folder}.
     *
     * @param limit how many samples of the task to read (whether usable or not), 0 for all
     * @throws IllegalArgumentException when the folder does not exist or holds no {@code .jsonl} file
     */
    public static EvalDataset load(Path folder, EvalTask task, int limit) throws IOException {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("data folder " + folder + " does not exist");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p))
                    .sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("data folder " + folder + " has no samples.jsonl (nor any other .jsonl file)");
        }
        List<EvalItem> items = new ArrayList<>();
        Tally skipped = new Tally();
        List<SampleProblem> firstBad = new ArrayList<>();
        long[] bad = {0};
        long other = 0;
        int matching = 0;
        for (Path file : files) {
            try (SampleReader reader = SampleReader.open(file, true, p -> {
                bad[0]++;
                if (firstBad.size() < BAD_RECORDS_KEPT) {
                    firstBad.add(p);
                }
            })) {
                // checked before reading: the reader parses a record as soon as it is asked for one
                while ((limit == 0 || matching < limit) && reader.hasNext()) {
                    Sample s = reader.next();
                    if (s.task() != task.taskType()) {
                        other++;
                        continue;
                    }
                    matching++;
                    prepare(s, task, file.toAbsolutePath().getParent(), skipped).ifPresent(items::add);
                }
            }
            if (limit != 0 && matching >= limit) {
                break;
            }
        }
        LOG.info("{}: {} {} sample(s) to evaluate, {} skipped, {} bad record(s)", folder, items.size(), task.word(),
                skipped.total(), bad[0]);
        return new EvalDataset(folder, task, items, skipped.snapshot(), other, bad[0], firstBad);
    }

    private static Optional<EvalItem> prepare(Sample s, EvalTask task, Path base, Tally skipped) {
        if (s.turns().isEmpty()) {
            return skip(s, SkipReason.NO_TURN, skipped);
        }
        Turn turn = s.turns().get(0);
        // the platform can take visual prompts, but REC and RES measure language-only referring
        if (!s.prompts().isEmpty() || !turn.prompts().isEmpty()) {
            return skip(s, SkipReason.VISUAL_PROMPTS, skipped);
        }
        Optional<Integer> index = targetIndex(turn, task);
        if (index.isEmpty()) {
            return skip(s, SkipReason.noTarget(task), skipped);
        }
        int i = index.get();
        Region target;
        try {
            target = switch (task) {
                case REC -> i < s.targets().boxes().size() ? PixelBox.of(s.targets().boxes().get(i)) : null;
                case RES -> i < s.targets().masks().size() ? new MaskRegion(s.targets().masks().get(i)) : null;
            };
        } catch (IllegalArgumentException e) {
            LOG.warn("sample {}: {}", s.id(), e.getMessage());
            return skip(s, SkipReason.MALFORMED_TARGET, skipped);
        }
        if (target == null) {
            return skip(s, SkipReason.noTarget(task), skipped);
        }
        // the model's conversation template writes <image> itself
        String prompt = TemplateBank.withoutImage(turn.user());
        return Optional.of(new EvalItem(s.id(), base.resolve(s.image().path()), s.image(), prompt, target, turn.answer(),
                org.refvlm.trainer.TaskCommands.of(turn.hint())));
    }

    /** The target of the first reference of the first phrase group, under the task's unit. */
    private static Optional<Integer> targetIndex(Turn turn, EvalTask task) {
        if (turn.groups().isEmpty()) {
            return Optional.empty();
        }
        PhraseGroup g = turn.groups().get(0);
        List<Integer> refs = g.refs().get(task.unit());
        return refs == null || refs.isEmpty() ? Optional.empty() : Optional.of(refs.get(0));
    }

    private static Optional<EvalItem> skip(Sample s, String reason, Tally skipped) {
        LOG.debug("skipping sample {}: {}", s.id(), reason);
        skipped.add(reason);
        return Optional.empty();
    }
}
