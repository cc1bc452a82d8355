package org.refvlm.trainer.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * The arguments of {@code selftest}, checked; every problem is an {@link IllegalArgumentException}
 * naming it (the command answers with the usage and status 2).
 *
 * @param device   the device to test ({@code cpu}, {@code gpu}, {@code gpu:N}); null for the platform's
 * @param model    the model folder of the request; null for the platform's default model
 * @param fixtures the folder holding the conformance fixture folders; null for the runtime's
 */
record SelfTestArguments(String device, Path model, Path fixtures, boolean help) {

    static final String USAGE = """
            usage: selftest [--device cpu|gpu|gpu:N] [--model DIR] [--fixtures DIR]
              --device    the device to test against the CPU (default: the platform's, REFVLM_DEVICE)
              --model     the model of the test request (default: the default model, models/shapes-tiny/model)
              --fixtures  folder of conformance fixtures (default: the runtime's conformance/)
            Runs the conformance fixtures on the device, one request with the model and three training
            steps of a tiny model on the CPU and on the device; prints a table; exit 0 only if all agree.""";

    static SelfTestArguments parse(List<String> args) {
        String device = null;
        Path model = null;
        Path fixtures = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-h", "--help" -> {
                    return new SelfTestArguments(null, null, null, true);
                }
                case "--device" -> device = value(args, ++i, a);
                case "--model" -> model = Path.of(value(args, ++i, a));
                case "--fixtures" -> fixtures = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        return new SelfTestArguments(device, model, fixtures, false);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }
}
