package org.refvlm.core.matching;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.refvlm.cli.CommandLines;
import org.refvlm.core.matching.internal.LsapArguments;
import org.refvlm.tensor.safetensors.SafetensorsDType;
import org.refvlm.tensor.safetensors.SafetensorsFile;
import org.refvlm.tensor.safetensors.SafetensorsFormatException;
import org.refvlm.tensor.safetensors.TensorInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code lsap <in.safetensors> <out.json>} command: solves every 2-D floating-point tensor of a
 * safetensors file as a minimum-cost assignment (rows = predictions, columns = targets, +infinity =
 * forbidden pair) and writes the results as JSON.
 *
 * <p>Output, tensors in file order:
 * <pre>{@code
 * {
 *   "assignments": {
 *     "<name>": { "dtype": "F32", "shape": [rows, cols],
 *                 "row_indices": [...], "col_indices": [...], "total_cost": 1.25 }
 *   },
 *   "skipped": { "<name>": "<why>" }
 * }
 * }</pre>
 * Indices are sorted by row, {@code min(rows, cols)} pairs, as scipy's {@code linear_sum_assignment}.
 * {@code total_cost} is the sum of the matched cells in double precision.
 *
 * <p>Decisions: tensors that are not cost matrices (not 2-D, or not F16/BF16/F32/F64) are <em>skipped</em>,
 * listed under {@code "skipped"} and reported on stderr, and do not change the exit code, because a file
 * may carry auxiliary tensors such as group sizes. A cost matrix that cannot be solved (infeasible, NaN
 * or -infinity) is an error: nothing is written, so a partial answer is never mistaken for a full one.
 *
 * <p>Exit codes: 0 success, 1 input or output error (missing or malformed file, unsolvable matrix,
 * unwritable output), 2 usage error.
 */
public final class LsapCommand {

    private static final Logger LOG = LoggerFactory.getLogger(LsapCommand.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final int parallelism;

    /** Solves the matrices with one thread per available processor. */
    public LsapCommand() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public LsapCommand(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.parallelism = parallelism;
    }

    /** A cost matrix read from the file, kept with its name for the report. */
    private record NamedMatrix(TensorInfo tensor, CostMatrix matrix) {
    }

    /**
     * Runs the command.
     *
     * @return the exit code: 0 success, 1 error, 2 usage
     */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        return CommandLines.run(new LsapArguments((input, output) -> solve(input, output, out, err)), args, out, err);
    }

    private int solve(Path input, Path output, PrintStream out, PrintStream err) {
        final List<NamedMatrix> matrices = new ArrayList<>();
        final Map<String, String> skipped = new LinkedHashMap<>();
        try (SafetensorsFile file = SafetensorsFile.open(input)) {
            for (String name : file.names()) {
                TensorInfo tensor = file.info(name);
                String reason = whyNotACostMatrix(tensor);
                if (reason != null) {
                    skipped.put(tensor.name(), reason);
                    err.println("lsap: skipping tensor '" + tensor.name() + "': " + reason);
                    continue;
                }
                matrices.add(new NamedMatrix(tensor, read(file, tensor)));
            }
        } catch (NoSuchFileException e) {
            err.println("lsap: no such file: " + input);
            return 1;
        } catch (SafetensorsFormatException e) {
            err.println("lsap: " + input + " is not a valid safetensors file: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("lsap: cannot read " + input + ": " + e);
            return 1;
        }

        final List<Assignment> assignments;
        final long start = System.nanoTime();
        try (GroupedAssignment solver = GroupedAssignment.withParallelism(parallelism)) {
            assignments = solver.solveEach(matrices.stream().map(NamedMatrix::matrix).toList());
        } catch (InfeasibleAssignmentException e) {
            err.println("lsap: tensor '" + matrices.get(e.group()).tensor().name() + "': " + e.getCause().getMessage());
            return 1;
        } catch (InvalidCostException e) {
            err.println("lsap: tensor '" + matrices.get(e.group()).tensor().name() + "': " + e.getCause().getMessage());
            return 1;
        }
        LOG.debug("solved {} matrices from {} in {} us", matrices.size(), input, (System.nanoTime() - start) / 1000);

        try (OutputStream stream = Files.newOutputStream(output)) {
            JSON.writerWithDefaultPrettyPrinter().writeValue(stream, report(matrices, assignments, skipped));
        } catch (IOException e) {
            err.println("lsap: cannot write " + output + ": " + e);
            return 1;
        }
        out.println("lsap: solved " + matrices.size() + " matrices" + (skipped.isEmpty() ? "" : ", skipped "
                + skipped.size() + " other tensors") + ", wrote " + output);
        return 0;
    }

    /** Null if the tensor is a cost matrix this command solves, else the reason it is skipped. */
    private static String whyNotACostMatrix(TensorInfo tensor) {
        if (!EnumSet.of(SafetensorsDType.F16, SafetensorsDType.BF16, SafetensorsDType.F32, SafetensorsDType.F64)
                .contains(tensor.dtype())) {
            return "dtype " + tensor.dtype() + " is not F16, BF16, F32 or F64";
        }
        if (tensor.shape().length != 2) {
            return "shape " + Arrays.toString(tensor.shape()) + " is not 2-D";
        }
        return null;
    }

    private static CostMatrix read(SafetensorsFile file, TensorInfo tensor) throws IOException {
        int rows = Math.toIntExact(tensor.shape()[0]);
        int cols = Math.toIntExact(tensor.shape()[1]);
        // F64 stays double; narrower types are read as float and widened cell by cell by the solver.
        return tensor.dtype() == SafetensorsDType.F64
                ? CostMatrix.of(file.readDoubles(tensor.name()), rows, cols)
                : CostMatrix.of(file.readFloats(tensor.name()), rows, cols);
    }

    private static ObjectNode report(List<NamedMatrix> matrices, List<Assignment> assignments,
            Map<String, String> skipped) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode solved = root.putObject("assignments");
        for (int k = 0; k < matrices.size(); k++) {
            TensorInfo tensor = matrices.get(k).tensor();
            Assignment assignment = assignments.get(k);
            ObjectNode entry = solved.putObject(tensor.name());
            entry.put("dtype", tensor.dtype().name());
            ArrayNode shape = entry.putArray("shape");
            shape.add(tensor.shape()[0]);
            shape.add(tensor.shape()[1]);
            ArrayNode rowIndices = entry.putArray("row_indices");
            ArrayNode colIndices = entry.putArray("col_indices");
            for (int p = 0; p < assignment.size(); p++) {
                rowIndices.add(assignment.rowIndices()[p]);
                colIndices.add(assignment.columnIndices()[p]);
            }
            entry.put("total_cost", assignment.totalCost());
        }
        ObjectNode skippedNode = root.putObject("skipped");
        skipped.forEach(skippedNode::put);
        return root;
    }
}
