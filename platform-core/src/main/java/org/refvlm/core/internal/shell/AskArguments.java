package org.refvlm.core.internal.shell;

import org.refvlm.api.TaskCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.api.VisualPrompt;

/** The arguments of {@code ask}, checked; every problem is an {@link IllegalArgumentException} naming it. */
record AskArguments(Path model, Path image, String prompt, List<VisualPrompt> prompts, String answer, int maxTokens,
        double temperature, long seed, Path out, Path overlay, TaskCommand task, boolean help) {

    static AskArguments parse(List<String> args) {
        Path model = null, image = null, out = null, overlay = null;
        String prompt = null, answer = null;
        TaskCommand task = null;
        List<VisualPrompt> prompts = new ArrayList<>();
        int maxTokens = 256;
        double temperature = 0;
        long seed = 0;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-h") || a.equals("--help")) {
                return new AskArguments(null, null, null, List.of(), null, 1, 0, 0, null, null, null, true);
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(a.startsWith("--") ? a + " needs a value" : "unexpected argument '" + a + "'");
            }
            String v = args.get(++i);
            switch (a) {
                case "--model" -> model = Path.of(v);
                case "--image" -> image = Path.of(v);
                case "--prompt" -> prompt = v;
                case "--answer" -> answer = v;
                case "--task" -> task = TaskCommand.named(v).orElseThrow(() -> new IllegalArgumentException(
                        "unknown task '" + v + "'; known: " + String.join(", ", TaskCommand.knownNames())));
                case "--out" -> out = Path.of(v);
                case "--overlay" -> overlay = Path.of(v);
                case "--point" -> {
                    double[] p = numbers(a, v, 2);
                    prompts.add(new VisualPrompt.Point(p[0], p[1]));
                }
                case "--box" -> {
                    double[] b = numbers(a, v, 4);
                    prompts.add(new VisualPrompt.Box(b[0], b[1], b[2], b[3]));
                }
                case "--max-tokens" -> maxTokens = (int) numbers(a, v, 1)[0];
                case "--temperature" -> temperature = numbers(a, v, 1)[0];
                case "--seed" -> seed = (long) numbers(a, v, 1)[0];
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (image == null || prompt == null || out == null) {
            throw new IllegalArgumentException("--image, --prompt and --out are required");
        }
        return new AskArguments(model, image, prompt, prompts, answer, maxTokens, temperature, seed, out, overlay, task, false);
    }

    private static double[] numbers(String option, String value, int count) {
        String[] parts = value.split(",");
        if (parts.length != count) {
            throw new IllegalArgumentException(option + " takes " + count + " comma-separated number(s), got '" + value + "'");
        }
        double[] d = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                d[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + parts[i] + "' is not a number");
            }
        }
        return d;
    }
}
