package org.refvlm.trainer.eval;

import java.nio.file.Path;
import java.util.List;

/**
 * The arguments of {@code refvlm:eval}, checked; every problem is an
 * {@link IllegalArgumentException} naming it.
 *
 * @param model     the model folder to make the platform's model first, or null for the loaded one
 * @param limit     how many samples of the task to read, 0 for all
 * @param out       the report folder; {@code <data>/eval-<task>} unless given
 */
public record EvalCommandLine(EvalTask task, Path data, Path model, int limit, int maxTokens, Path out, boolean help) {

    public static final String USAGE =
            "usage: eval --task rec|res --data DIR [--model DIR] [--limit N] [--max-tokens N] [--out DIR]";
    public static final int DEFAULT_MAX_TOKENS = 128;

    public static EvalCommandLine parse(List<String> args) {
        EvalTask task = null;
        Path data = null, model = null, out = null;
        int limit = 0;
        int maxTokens = DEFAULT_MAX_TOKENS;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-h") || a.equals("--help")) {
                return new EvalCommandLine(null, null, null, 0, DEFAULT_MAX_TOKENS, null, true);
            }
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args.get(++i);
            switch (a) {
                case "--task" -> task = EvalTask.fromWord(v);
                case "--data" -> data = Path.of(v);
                case "--model" -> model = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--limit" -> limit = positive(a, v);
                case "--max-tokens" -> maxTokens = positive(a, v);
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (task == null || data == null) {
            throw new IllegalArgumentException("--task and --data are required");
        }
        if (out == null) {
            out = data.resolve("eval-" + task.word());
        }
        return new EvalCommandLine(task, data, model, limit, maxTokens, out, false);
    }

    private static int positive(String option, String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not a whole number");
        }
        if (n <= 0) {
            throw new IllegalArgumentException(option + " must be positive, got " + n);
        }
        return n;
    }
}
