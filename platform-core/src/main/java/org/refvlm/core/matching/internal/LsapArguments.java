package org.refvlm.core.matching.internal;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The command line of {@code lsap}; {@link #call} hands the parsed arguments to the command's work. */
@Command(name = "lsap",
        description = {"Solves every 2-D F16/BF16/F32/F64 tensor in the file as a minimum-cost assignment "
                + "(rows = predictions, columns = targets, +inf = forbidden) and writes, per tensor name, "
                + "row_indices, col_indices and total_cost as JSON. Other tensors are skipped."},
        footer = "Exit status: 0 solved and written, 1 missing or malformed input, unsolvable matrix or unwritable "
                + "output, 2 usage error.")
public final class LsapArguments implements Callable<Integer> {

    /** What {@code lsap} does with its arguments. */
    @FunctionalInterface
    public interface Work {
        int run(Path input, Path output) throws Exception;
    }

    @Parameters(index = "0", paramLabel = "<in.safetensors>", description = "the cost matrices")
    Path input;

    @Parameters(index = "1", paramLabel = "<out.json>", description = "where the assignments go")
    Path output;

    private final Work work;

    public LsapArguments(Work work) {
        this.work = work;
    }

    @Override
    public Integer call() throws Exception {
        return work.run(input, output);
    }
}
