package org.refvlm.data.cli;

import org.refvlm.data.PhraseGroup;
import org.refvlm.data.Sample;
import org.refvlm.data.SampleReader;
import org.refvlm.data.TaskType;
import org.refvlm.data.Turn;
import org.refvlm.data.Unit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code data check}: reads every {@code *.jsonl} of a folder through the validating reader, counts samples
 * per task and per unit, and lists the problems. Exit 0 only if there are samples and no problems.
 */
@Command(name = "check", description = "Validates a data folder and counts samples per task and unit.")
public final class CheckCommand extends DataSubcommand {

    @Parameters(paramLabel = "FOLDER", description = "the data folder (its .jsonl files)")
    private Path folder;

    @Option(names = "--no-files", description = "do not require image and depth files to exist")
    private boolean noFiles;

    @Option(names = "--max-problems", paramLabel = "K", defaultValue = "50",
            description = "problems printed in full (default 50; all are counted)")
    private long maxShown;

    @Override
    public Integer call() {
        List<Path> files;
        try {
            files = DataFolder.jsonlFiles(folder);
        } catch (IOException e) {
            err.println("data check: cannot list " + folder + ": " + e.getMessage());
            return 1;
        }
        if (files.isEmpty()) {
            err.println("data check: no .jsonl files in " + folder);
            return 1;
        }
        Map<TaskType, Long> perTask = new EnumMap<>(TaskType.class);
        Map<Unit, Long> samplesPerUnit = new EnumMap<>(Unit.class);
        Map<Unit, Long> refsPerUnit = new EnumMap<>(Unit.class);
        long[] problems = {0};
        long samples = 0, turns = 0, prompts = 0;
        for (Path f : files) {
            try (SampleReader reader = SampleReader.open(f, !noFiles, p -> {
                if (problems[0]++ < maxShown) {
                    out.println("problem: " + p);
                }
            })) {
                for (Sample s : reader) {
                    samples++;
                    turns += s.turns().size();
                    prompts += s.prompts().size();
                    perTask.merge(s.task(), 1L, Long::sum);
                    Set<Unit> used = EnumSet.noneOf(Unit.class);
                    for (Turn t : s.turns()) {
                        for (PhraseGroup g : t.groups()) {
                            for (Unit u : g.units()) {
                                used.add(u);
                                refsPerUnit.merge(u, (long) g.refCount(), Long::sum);
                            }
                        }
                    }
                    used.forEach(u -> samplesPerUnit.merge(u, 1L, Long::sum));
                }
            } catch (IOException | UncheckedIOException e) {
                err.println("data check: cannot read " + f + ": " + e.getMessage());
                return 1;
            }
        }
        if (problems[0] > maxShown) {
            out.println("... " + (problems[0] - maxShown) + " more problems not shown");
        }
        out.printf("%d files, %d valid samples, %d turns, %d visual prompts, %d problems%n", files.size(), samples, turns,
                prompts, problems[0]);
        out.println("samples per task:");
        for (TaskType t : TaskType.values()) {
            out.printf("  %-13s %8d%n", t.id(), perTask.getOrDefault(t, 0L));
        }
        out.println("samples / refs per unit:");
        for (Unit u : Unit.values()) {
            out.printf("  %-13s %8d / %d%n", u.word(), samplesPerUnit.getOrDefault(u, 0L), refsPerUnit.getOrDefault(u, 0L));
        }
        List<String> missing = new ArrayList<>();
        for (TaskType t : TaskType.values()) {
            if (!perTask.containsKey(t)) {
                missing.add(t.id());
            }
        }
        out.println(missing.isEmpty() ? "all task types present" : "task types absent: " + String.join(",", missing));
        return problems[0] == 0 && samples > 0 ? 0 : 1;
    }
}
