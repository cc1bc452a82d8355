package org.refvlm.trainer.internal;

import java.nio.file.Path;
import java.util.List;

/** The arguments of {@code train}, checked; every problem is an {@link IllegalArgumentException} naming it. */
record TrainArguments(Path recipe, Path out, boolean resume, long stopAfter, Integer serveRanking, boolean export,
        boolean help) {

    static final String USAGE = """
            usage: train --recipe FILE --out DIR [--resume] [--stop-after STEPS] [--serve RANKING] [--export]
              --recipe      training recipe (JSON; see docs/training.md)
              --out         run folder: checkpoints/, metrics.jsonl, and model/ when the recipe completes
                            (a recipe with follow-up phases, "then", runs each in then-N/ after the first)
              --resume      continue from the newest checkpoint in --out (exactly as if never stopped);
                            finished phases are skipped
              --stop-after  pause after this many steps of a phase (a checkpoint is written; --resume continues)
              --serve       when done, serve the trained decoders in this running platform with this
                            service.ranking (stage 3: a higher ranking makes them the active ones)
              --export      do not train: write the newest checkpoint of --out (of its newest phase) as DIR/model-step-N,
                            a model folder to try a run in progress with ask or eval""";

    static TrainArguments parse(List<String> args) {
        Path recipe = null, out = null;
        boolean resume = false, export = false;
        long stopAfter = Long.MAX_VALUE;
        Integer serve = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-h", "--help" -> {
                    return new TrainArguments(null, null, false, 0, null, false, true);
                }
                case "--resume" -> resume = true;
                case "--export" -> export = true;
                case "--recipe" -> recipe = Path.of(value(args, ++i, a));
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--stop-after" -> stopAfter = positive(a, value(args, i + 1, a));
                case "--serve" -> serve = (int) number(a, value(args, i + 1, a));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
            if (a.equals("--stop-after") || a.equals("--serve")) {
                i++;
            }
        }
        if (recipe == null || out == null) {
            throw new IllegalArgumentException("--recipe and --out are required");
        }
        return new TrainArguments(recipe, out, resume, stopAfter, serve, export, false);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static long number(String option, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + v + "' is not a whole number");
        }
    }

    private static long positive(String option, String v) {
        long n = number(option, v);
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return n;
    }
}
