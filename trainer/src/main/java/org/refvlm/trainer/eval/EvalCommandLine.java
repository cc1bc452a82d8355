package org.refvlm.trainer.eval;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.refvlm.trainer.eval.tasks.SuiteTask;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The arguments of {@code refvlm:eval}, parsed by picocli and checked; every problem is an
 * {@link IllegalArgumentException} naming it.
 *
 * @param task      the task word ({@code rec}, {@code res}, {@code caption}, ...), or null for a suite
 * @param data      the data folder of a single task, or null for a suite
 * @param suite     the data folder of a suite run, or null
 * @param model     the model folder to make the platform's model first, or null for the loaded one
 * @param decoders  unit to decoder name, pinned for the run
 * @param limit     how many samples (REC, RES) or turns (other tasks) to read, 0 for all
 * @param out       the report folder; {@code <data>/eval-<task>} or {@code <suite>/eval-suite} unless given
 * @param cocoGt    a COCO annotation file whose image and category ids the COCO exports use, or null
 * @param shard     with {@code answersOut}: which shard of the run's questions to answer and record (from 0)
 * @param shards    how many shards the run's questions are split into; 0 when the run is not split
 * @param answersOut where a shard's answers are recorded (nothing is scored), or null
 * @param answersFrom a folder of recorded answers to score instead of asking the model, or null
 */
public record EvalCommandLine(String task, Path data, Path suite, Path model, Map<String, String> decoders, int limit,
        int maxTokens, Path out, Path cocoGt, int shard, int shards, Path answersOut, Path answersFrom, boolean help) {

    public static final int DEFAULT_MAX_TOKENS = 128;
    /** Questions per task in a suite run unless --limit says otherwise: a suite then takes minutes on a CPU. */
    public static final int DEFAULT_SUITE_LIMIT = 200;
    public static final String TASKS = "rec|res|caption|vqa|pope|reg|ig|gcg|ovd|ovs|keypoint|depth";

    public EvalCommandLine {
        decoders = decoders == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(decoders));
    }

    @Command(name = "eval", sortOptions = false,
            description = {"Evaluates the platform's model on one task of a VT-Instruct folder (--task with --data), or on "
                    + "every task a folder holds (--suite), prints the metrics and writes the reports.",
                    "  " + "eval --task " + TASKS + " --data DIR ...", "  eval --suite DIR ..."})
    private static final class Options {
        @Option(names = "--task", paramLabel = "TASK", description = "one of " + TASKS) String task;
        @Option(names = "--data", paramLabel = "DIR", description = "the task's VT-Instruct folder") Path data;
        @Option(names = "--suite", paramLabel = "DIR", description = "run every task whose samples DIR holds") Path suite;
        @Option(names = "--model", paramLabel = "DIR", description = "make DIR the platform's model first") Path model;
        @Option(names = "--decoder", paramLabel = "UNIT=NAME", description = "pin a unit to a decoder for the run (repeatable)")
        List<String> decoders;
        @Option(names = "--limit", paramLabel = "N", description = "samples (REC, RES) or turns to read; a suite reads "
                + DEFAULT_SUITE_LIMIT + " per task unless told") Integer limit;
        @Option(names = "--max-tokens", paramLabel = "N", description = "most tokens per answer (default "
                + DEFAULT_MAX_TOKENS + ")") Integer maxTokens;
        @Option(names = "--out", paramLabel = "DIR", description = "the report folder (default <data>/eval-<task>, "
                + "<suite>/eval-suite)") Path out;
        @Option(names = "--coco-gt", paramLabel = "FILE", description = "a COCO annotation file whose ids the COCO "
                + "exports use (ovd, ovs)") Path cocoGt;
        @Option(names = "--shard", paramLabel = "K/N", description = "answer only shard K (from 0) of N of the run's "
                + "questions and record the answers in --answers-out; nothing is scored") String shard;
        @Option(names = "--answers-out", paramLabel = "FILE", description = "where --shard records its answers") Path answersOut;
        @Option(names = "--answers-from", paramLabel = "DIR", description = "score the answers the shards recorded in DIR "
                + "instead of asking the model") Path answersFrom;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit") boolean help;
    }

    /** The usage, as picocli prints it for every refvlm command. */
    public static String usage() {
        CommandLine line = new CommandLine(new Options());
        line.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        line.setUsageHelpAutoWidth(false);
        line.setUsageHelpWidth(100);
        return line.getUsageMessage();
    }

    /** The REC or RES task, or null when the task is another one (or a suite runs). */
    public EvalTask referringTask() {
        return task != null && (task.equals("rec") || task.equals("res")) ? EvalTask.fromWord(task) : null;
    }

    /** One of the other tasks, or null. */
    public SuiteTask otherTask() {
        return task == null ? null : SuiteTask.fromWord(task);
    }

    public static EvalCommandLine parse(List<String> args) {
        Options o = new Options();
        try {
            new CommandLine(o).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (o.help) {
            return new EvalCommandLine(null, null, null, null, Map.of(), 0, DEFAULT_MAX_TOKENS, null, null, 0, 0, null, null, true);
        }
        if ((o.task == null) == (o.suite == null)) {
            throw new IllegalArgumentException("give either --task (with --data) or --suite");
        }
        String task = null;
        if (o.task != null) {
            task = o.task.trim().toLowerCase(Locale.ROOT);
            if (!List.of(TASKS.split("\\|")).contains(task)) {
                throw new IllegalArgumentException("unknown task '" + o.task + "': expected one of " + TASKS.replace('|', ','));
            }
            if (o.data == null) {
                throw new IllegalArgumentException("--task needs --data");
            }
        } else if (o.data != null) {
            throw new IllegalArgumentException("--suite reads its own folder: --data is for --task");
        }
        if (o.cocoGt != null && !(List.of("ovd", "ovs").contains(task))) {
            throw new IllegalArgumentException("--coco-gt is for --task ovd or ovs");
        }
        int limit = o.limit == null ? (o.suite != null ? DEFAULT_SUITE_LIMIT : 0) : positive("--limit", o.limit);
        int maxTokens = o.maxTokens == null ? DEFAULT_MAX_TOKENS : positive("--max-tokens", o.maxTokens);
        Map<String, String> decoders = new LinkedHashMap<>();
        for (String d : o.decoders == null ? List.<String>of() : o.decoders) {
            int eq = d.indexOf('=');
            if (eq <= 0 || eq == d.length() - 1) {
                throw new IllegalArgumentException("--decoder needs UNIT=NAME, got '" + d + "'");
            }
            decoders.put(d.substring(0, eq).strip(), d.substring(eq + 1).strip());
        }
        Path out = o.out != null ? o.out : o.suite != null ? o.suite.resolve("eval-suite") : o.data.resolve("eval-" + task);
        int shard = 0, shards = 0;
        if ((o.shard == null) != (o.answersOut == null)) {
            throw new IllegalArgumentException("--shard and --answers-out go together");
        }
        if (o.shard != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)/(\\d+)").matcher(o.shard.strip());
            if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(1)) >= Integer.parseInt(m.group(2))) {
                throw new IllegalArgumentException("--shard needs K/N with 0 <= K < N, got '" + o.shard + "'");
            }
            shard = Integer.parseInt(m.group(1));
            shards = Integer.parseInt(m.group(2));
        }
        if (o.answersFrom != null) {
            if (o.shard != null) {
                throw new IllegalArgumentException("--answers-from scores recorded answers: --shard records them");
            }
            if (o.model != null || !decoders.isEmpty()) {
                throw new IllegalArgumentException("--answers-from asks no model: --model and --decoder belong to the "
                        + "runs that recorded the answers");
            }
        }
        return new EvalCommandLine(task, o.data, o.suite, o.model, decoders, limit, maxTokens, out, o.cocoGt, shard,
                shards, o.answersOut, o.answersFrom, false);
    }

    private static int positive(String option, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException(option + " must be positive, got " + n);
        }
        return n;
    }
}
