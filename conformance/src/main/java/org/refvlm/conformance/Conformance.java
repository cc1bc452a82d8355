package org.refvlm.conformance;

import ai.djl.Device;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.refvlm.cli.CommandLines;
import org.refvlm.conformance.internal.ConformanceArguments;

/**
 * {@code refvlm conformance [--device cpu|gpu:N] <fixture-folder>...}: detects each folder's
 * kind from its manifest, runs every case, prints one line per case and returns 0 only when
 * every case of every folder passes.
 */
public final class Conformance {

    /** Entry point for a plain JVM. */
    public static void main(String[] args) {
        System.exit(new Conformance().run(List.of(args), System.out, System.err));
    }

    public int run(List<String> args, PrintStream out, PrintStream err) {
        return CommandLines.run(new ConformanceArguments((device, folders) -> run(device, folders, out, err)), args,
                out, err);
    }

    private int run(Device device, List<Path> folders, PrintStream out, PrintStream err) {
        boolean allPassed = true;
        int total = 0;
        int failed = 0;
        for (Path folder : folders) {
            List<CaseResult> results = runFolder(folder, device, err);
            out.printf(Locale.ROOT, "%s%n", folder);
            out.printf(Locale.ROOT, "  %-24s %14s %12s  %s%n", "case", "max abs diff", "tolerance", "result");
            if (results == null) {
                allPassed = false;
                failed++;
                total++;
                out.printf(Locale.ROOT, "  %-24s %14s %12s  %s%n", "(folder)", "-", "-", "FAIL");
                continue;
            }
            for (CaseResult r : results) {
                total++;
                if (!r.passed()) {
                    failed++;
                    allPassed = false;
                }
                String diff = r.exact() ? String.format(Locale.ROOT, "%d", (long) r.maxAbsDiff())
                        : String.format(Locale.ROOT, "%.3e", r.maxAbsDiff());
                String tol = r.exact() ? "exact" : String.format(Locale.ROOT, "%.1e", r.tolerance());
                out.printf(Locale.ROOT, "  %-24s %14s %12s  %s%n", r.name(), diff, tol, r.passed() ? "PASS" : "FAIL");
                if (!r.passed()) {
                    out.printf(Locale.ROOT, "      %s%n", r.detail());
                }
            }
        }
        out.printf(Locale.ROOT, "%d passed, %d failed%n", total - failed, failed);
        return allPassed ? 0 : 1;
    }

    /** Runs one folder; null (after printing why to {@code err}) when it cannot be run at all. */
    public List<CaseResult> runFolder(Path folder, Device device, PrintStream err) {
        if (!Files.isRegularFile(folder.resolve("manifest.json"))) {
            err.println(folder + ": no manifest.json");
            return null;
        }
        try {
            Manifest manifest = Manifest.read(folder);
            FixtureChecker checker = checkerFor(manifest.kind());
            if (checker == null) {
                err.println(folder + ": unsupported fixture kind '" + manifest.kind() + "'");
                return null;
            }
            List<CaseResult> results = checker.run(folder, manifest, device);
            if (results.isEmpty()) {
                err.println(folder + ": manifest lists no cases");
                return null;
            }
            return results;
        } catch (Exception e) {
            err.println(folder + ": " + e);
            return null;
        }
    }

    static FixtureChecker checkerFor(String kind) {
        return switch (kind) {
            case "llama-causal-lm" -> new LlamaFixtureChecker();
            case "hf-tokenizer" -> new TokenizerFixtureChecker();
            case "clip-vision" -> new ClipVisionFixtureChecker();
            case "convnext-trunk" -> new ConvNextFixtureChecker();
            case "sam" -> new SamFixtureChecker();
            case "grounding-dino" -> new GroundingDinoFixtureChecker();
            default -> null;
        };
    }
}
