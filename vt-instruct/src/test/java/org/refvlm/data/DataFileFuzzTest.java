package org.refvlm.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.data.cli.DataCommand;

/**
 * Bounded fuzzing of the data reader (issue 23, item 9): lines of a synthetic VT-Instruct file
 * with flipped characters, cut JSON, wrong types, huge numbers and very long lines. Every bad line
 * must become a problem naming the file and the line, and reading goes on; nothing may escape
 * but an I/O error naming the file. The number of inputs tried is printed to the test output.
 */
class DataFileFuzzTest {

    private static final int INPUTS = 3000;

    @TempDir
    Path dir;

    @Test
    void malformedSampleLinesBecomeProblemsWithFileAndLine() throws Exception {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Path data = dir.resolve("data");
        assertThat(new DataCommand().run(List.of("synth", "--n", "12", "--split", "test", "--seed", "3", "--out",
                data.toString()), sink, sink)).isZero();
        Path source;
        try (Stream<Path> files = Files.list(data)) {
            source = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        Random random = new Random(20261203);
        List<String> escaped = new ArrayList<>();
        int tried = 0;
        for (int i = 0; i < INPUTS; i++) {
            String line = mutate(lines.get(random.nextInt(lines.size())), random);
            Path f = data.resolve("fuzz.jsonl");
            Files.writeString(f, lines.get(0) + "\n" + line + "\n" + lines.get(1) + "\n", StandardCharsets.UTF_8);
            List<SampleProblem> problems = new ArrayList<>();
            int read = 0;
            try (SampleReader reader = SampleReader.open(f, false, problems::add)) {
                for (Sample ignored : reader) {
                    read++;
                }
                if (read + problems.size() < 3 || read < 2) {
                    escaped.add("input " + i + ": " + read + " samples and " + problems.size() + " problems for 3 lines");
                }
                for (SampleProblem p : problems) {
                    if (!p.file().contains("fuzz.jsonl") || p.line() != 2) {
                        escaped.add("input " + i + ": problem without its file and line: " + p);
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                if (e.getMessage() == null || !e.getMessage().contains("fuzz.jsonl")) {
                    escaped.add("input " + i + ": I/O error without the file: " + e);
                }
            } catch (RuntimeException | Error e) {
                escaped.add("input " + i + ": " + e);
            }
            tried++;
        }
        System.out.println("fuzz: VT-Instruct data reader: " + tried + " inputs tried, " + escaped.size() + " escaped");
        assertThat(escaped).isEmpty();
    }

    private static String mutate(String line, Random random) {
        String[] values = {"-1", "0", "1e309", "99999999999999999999", "null", "true", "\"\"", "[]", "{}", "\"x\"",
            "[[1,2],[3]]", "NaN"};
        return switch (random.nextInt(6)) {
            case 0 -> line.substring(0, random.nextInt(line.length()));
            case 1 -> {
                char[] c = line.toCharArray();
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    c[random.nextInt(c.length)] = "{}[]\":,0a\\-".charAt(random.nextInt(11));
                }
                yield new String(c);
            }
            case 2 -> line.replaceFirst(":(-?[0-9.]+|\"[^\"]*\"|true|false|null)", ":" + values[random.nextInt(values.length)]);
            case 3 -> line.replaceFirst("\\[[^\\[\\]]*\\]", values[random.nextInt(values.length)]);
            case 4 -> line.substring(0, line.length() - 1) + ",\"extra\":\"" + "x".repeat(random.nextInt(200_000)) + "\"}";
            default -> line.replaceFirst("\"[a-z_]+\":", "\"" + "zz".repeat(1 + random.nextInt(3)) + "\":");
        };
    }
}
