package org.refvlm.data.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * Entry point of {@code refvlm data ...}: dispatches to synth, convert, check and show. Exit codes: 0 ok,
 * 1 failure, 2 usage error.
 */
public final class DataCommand {
    static final String USAGE = """
            usage: data <command> ...
              synth    generate synthetic samples for every task type
              convert  convert coco | refcoco | flickr30k | vqav2 annotations
              check    validate a folder and count samples per task and unit
              show     draw one sample's targets and prompts over its image
            run 'data <command> --help' for the options of a command
            """;

    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("help")) {
            (args.isEmpty() ? err : out).print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        List<String> rest = args.subList(1, args.size());
        if (rest.contains("--help")) {
            out.print(switch (args.get(0)) {
                case "synth" -> SynthCommand.USAGE;
                case "convert" -> ConvertCommand.USAGE;
                case "check" -> CheckCommand.USAGE;
                case "show" -> ShowCommand.USAGE;
                default -> USAGE;
            });
            return 0;
        }
        return switch (args.get(0)) {
            case "synth" -> new SynthCommand().run(rest, out, err);
            case "convert" -> new ConvertCommand().run(rest, out, err);
            case "check" -> new CheckCommand().run(rest, out, err);
            case "show" -> new ShowCommand().run(rest, out, err);
            default -> {
                err.println("data: unknown command '" + args.get(0) + "'");
                err.print(USAGE);
                yield 2;
            }
        };
    }

    /** For running the commands from a plain JVM (the platform wires {@link #run} into its own launcher). */
    public static void main(String[] args) {
        System.exit(new DataCommand().run(List.of(args), System.out, System.err));
    }
}
