package org.refvlm.data.cli;

import org.refvlm.data.PhraseGroup;
import org.refvlm.data.Sample;
import org.refvlm.data.SampleReader;
import org.refvlm.data.TaskType;
import org.refvlm.data.Turn;
import org.refvlm.data.Unit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code data check}: reads every {@code *.jsonl} of a folder through the validating reader, counts samples
 * per task and per unit, and lists the problems. Exit 0 only if there are samples and no problems.
 */
public final class CheckCommand {
    static final String USAGE = """
            usage: data check <folder> [--no-files] [--max-problems <k>]
              --no-files       do not require image and depth files to exist
              --max-problems   problems printed in full (default 50; all are counted)
            """;

    public int run(List<String> args, PrintStream out, PrintStream err) {
        CommandArgs a;
        Path folder;
        long maxShown;
        try {
            a = CommandArgs.parse(args, Set.of("--max-problems"), Set.of("--no-files"));
            if (a.positional().size() != 1) {
                throw new UsageException("expected exactly one folder");
            }
            folder = Path.of(a.positional().get(0));
            maxShown = a.longValue("--max-problems", 50);
        } catch (UsageException e) {
            err.println("data check: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
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
            try (SampleReader reader = SampleReader.open(f, !a.flag("--no-files"), p -> {
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
