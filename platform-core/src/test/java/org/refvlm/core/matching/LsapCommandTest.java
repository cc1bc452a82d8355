package org.refvlm.core.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.core.matching.internal.SafetensorsTestWriter;

class LsapCommandTest {

    private static final float INF = Float.POSITIVE_INFINITY;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(String... args) {
        return new LsapCommand(2).run(List.of(args), new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private JsonNode readJson(Path path) throws IOException {
        return new ObjectMapper().readTree(path.toFile());
    }

    @Test
    void solvesEveryFloatMatrixAndSkipsOtherTensors() throws IOException {
        Path in = new SafetensorsTestWriter()
                .addF32("square", new float[] {4, 1, 3, 2, 0, 5, 3, 2, 2}, 3, 3)
                .addF64("tall", new double[] {9, 9, 9, 1, 9, 9, 2, 9}, 4, 2)
                .addF32("forbidden", new float[] {INF, 5, 1, INF}, 2, 2)
                .addHalf("half", "F16", new short[] {0x3c00, 0x4000, 0x3800, 0x4200}, 2, 2) // 1, 2, 0.5, 3
                .addF32("batch3d", new float[8], 2, 2, 2)
                .addI32("group_sizes", new int[] {3, 4}, 2)
                .addF32("empty", new float[0], 0, 4)
                .write(dir.resolve("in.safetensors"));
        Path outFile = dir.resolve("out.json");

        assertThat(run(in.toString(), outFile.toString())).isZero();

        JsonNode json = readJson(outFile);
        JsonNode square = json.get("assignments").get("square");
        assertThat(square.get("row_indices").toString()).isEqualTo("[0,1,2]");
        assertThat(square.get("col_indices").toString()).isEqualTo("[1,0,2]");
        assertThat(square.get("total_cost").asDouble()).isEqualTo(5.0);
        assertThat(square.get("shape").toString()).isEqualTo("[3,3]");
        assertThat(square.get("dtype").asText()).isEqualTo("F32");
        JsonNode tall = json.get("assignments").get("tall");
        assertThat(tall.get("row_indices").toString()).isEqualTo("[1,3]");
        assertThat(tall.get("col_indices").toString()).isEqualTo("[1,0]");
        assertThat(json.get("assignments").get("forbidden").get("total_cost").asDouble()).isEqualTo(6.0);
        assertThat(json.get("assignments").get("half").get("total_cost").asDouble()).isEqualTo(2.5);
        assertThat(json.get("assignments").get("empty").get("row_indices").size()).isZero();
        assertThat(json.get("assignments").fieldNames()).toIterable()
                .containsExactly("empty", "forbidden", "half", "square", "tall");
        assertThat(json.get("skipped").get("batch3d").asText()).contains("not 2-D");
        assertThat(json.get("skipped").get("group_sizes").asText()).contains("I32");
        assertThat(err()).contains("skipping tensor 'batch3d'").contains("skipping tensor 'group_sizes'");
        assertThat(out()).contains("solved 5 matrices").contains("skipped 2");
    }

    @Test
    void givesScipysOptimalCostOnEveryFeasibleGoldenMatrix() throws IOException {
        List<ScipyGolden.Case> feasible = ScipyGolden.load().stream().filter(c -> c.status().equals("ok")).toList();
        SafetensorsTestWriter writer = new SafetensorsTestWriter();
        for (ScipyGolden.Case golden : feasible) {
            CostMatrix m = golden.matrix();
            double[] values = new double[m.rows() * m.cols()];
            for (int r = 0; r < m.rows(); r++) {
                for (int c = 0; c < m.cols(); c++) {
                    values[r * m.cols() + c] = m.get(r, c);
                }
            }
            writer.addF64(golden.name(), values, m.rows(), m.cols());
        }
        Path outFile = dir.resolve("golden.json");

        assertThat(run(writer.write(dir.resolve("golden.safetensors")).toString(), outFile.toString())).isZero();

        JsonNode assignments = readJson(outFile).get("assignments");
        assertThat(assignments.size()).isEqualTo(feasible.size());
        for (ScipyGolden.Case golden : feasible) {
            JsonNode entry = assignments.get(golden.name());
            int[] rows = new ObjectMapper().convertValue(entry.get("row_indices"), int[].class);
            int[] cols = new ObjectMapper().convertValue(entry.get("col_indices"), int[].class);
            Assignment reported = new Assignment(rows, cols, entry.get("total_cost").asDouble());
            AssignmentChecks.assertWellFormed(reported, golden.matrix());
            AssignmentChecks.assertOptimalTotal(reported, golden.matrix(), golden.totalCost(), golden.magnitude(),
                    golden.name());
        }
    }

    @Test
    void wrongArgumentCountIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("Usage: lsap [-h] <in.safetensors> <out.json>");
        assertThat(run("a", "b", "c")).isEqualTo(2);
        assertThat(run("--fast", "b")).isEqualTo(2);
    }

    @Test
    void helpGoesToStdout() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("Usage: lsap");
        assertThat(err()).isEmpty();
    }

    @Test
    void missingInputFileIsAnError() {
        assertThat(run(dir.resolve("nope.safetensors").toString(), dir.resolve("out.json").toString())).isEqualTo(1);
        assertThat(err()).contains("no such file").contains("nope.safetensors");
        assertThat(dir.resolve("out.json")).doesNotExist();
    }

    @Test
    void malformedFilesAreErrors() throws IOException {
        Path tooShort = dir.resolve("short.safetensors");
        Files.write(tooShort, new byte[] {1, 2, 3});
        assertThat(run(tooShort.toString(), dir.resolve("o1.json").toString())).isEqualTo(1);
        assertThat(err()).contains("is not a valid safetensors file").contains("too short for the 8-byte header length");

        Path badJson = SafetensorsTestWriter.writeRaw(dir.resolve("json.safetensors"), 8, "{\"a\": [1", new byte[0]);
        assertThat(run(badJson.toString(), dir.resolve("o2.json").toString())).isEqualTo(1);
        assertThat(err()).contains("header is not valid JSON");

        String header = "{\"m\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";
        Path truncated = SafetensorsTestWriter.writeRaw(dir.resolve("trunc.safetensors"), header.length(), header,
                new byte[8]);
        assertThat(run(truncated.toString(), dir.resolve("o3.json").toString())).isEqualTo(1);
        assertThat(err()).contains("tensor 'm': truncated: data ends at 16 but the data section holds only 8 bytes");

        assertThat(dir.resolve("o1.json")).doesNotExist();
        assertThat(dir.resolve("o2.json")).doesNotExist();
        assertThat(dir.resolve("o3.json")).doesNotExist();
    }

    @Test
    void anInfeasibleMatrixIsAnErrorNamingTheTensorAndNothingIsWritten() throws IOException {
        Path in = new SafetensorsTestWriter()
                .addF32("fine", new float[] {1, 2, 3, 4}, 2, 2)
                .addF32("stuck", new float[] {INF, INF, 1, 2}, 2, 2)
                .write(dir.resolve("in.safetensors"));
        Path outFile = dir.resolve("out.json");
        assertThat(run(in.toString(), outFile.toString())).isEqualTo(1);
        assertThat(err()).contains("tensor 'stuck'").contains("infeasible");
        assertThat(outFile).doesNotExist();
    }

    @Test
    void aNanCellIsAnErrorNamingTensorRowAndColumn() throws IOException {
        Path in = new SafetensorsTestWriter()
                .addF64("bad", new double[] {1, 2, 3, Double.NaN, 5, 6}, 3, 2)
                .write(dir.resolve("in.safetensors"));
        assertThat(run(in.toString(), dir.resolve("out.json").toString())).isEqualTo(1);
        assertThat(err()).contains("tensor 'bad'").contains("NaN at row 1, col 1");
    }

    @Test
    void anUnwritableOutputIsAnError() throws IOException {
        Path in = new SafetensorsTestWriter().addF32("m", new float[] {1}, 1, 1).write(dir.resolve("in.safetensors"));
        assertThat(run(in.toString(), dir.resolve("no/such/dir/out.json").toString())).isEqualTo(1);
        assertThat(err()).contains("cannot write");
    }
}
