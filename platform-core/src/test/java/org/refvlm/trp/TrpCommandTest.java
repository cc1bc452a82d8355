package org.refvlm.trp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrpCommandTest {

    private static final String GOOD = "<Phrase>dog</Phrase>(<Unit>box</Unit>[0]<REF>)";
    private static final String BAD = "<Phrase>dog</Phrase>(<Unit>box</Unit>[1]<REF>";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return new TrpCommand().run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void wellFormedFileExitsZeroWithJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("answer.trp");
        Files.writeString(file, GOOD);
        assertThat(run("", file.toString())).isZero();
        assertThat(new ObjectMapper().readTree(out()).get("wellFormed").booleanValue()).isTrue();
        assertThat(err()).isEmpty();
    }

    @Test
    void strictModeExitsOneWithDiagnosticsOnStandardError() {
        assertThat(run(BAD, "-")).isEqualTo(TrpCommand.NOT_WELL_FORMED);
        assertThat(err()).contains("<stdin>:1:38: INDEX_GAP").contains("<stdin>:1:21: TRUNCATED")
                .contains("is not well formed: 2 problems");
        assertThat(out()).contains("\"wellFormed\" : false");
    }

    @Test
    void lenientModeExitsZeroAndKeepsTheProblemsInTheJson() throws Exception {
        assertThat(run(BAD, "--lenient", "-")).isZero();
        assertThat(new ObjectMapper().readTree(out()).get("diagnostics").size()).isEqualTo(2);
    }

    @Test
    void unitsOptionChecksInstalledDecoders() {
        assertThat(run(GOOD, "--units", "mask,depth", "-")).isEqualTo(1);
        assertThat(err()).contains("UNKNOWN_UNIT");
    }

    @Test
    void installedUnitsOfThePlatformAreChecked() {
        int status = new TrpCommand(u -> u.equals("mask")).run(List.of("-"),
                new ByteArrayInputStream(GOOD.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(1);
        assertThat(err()).contains("no installed decoder handles unit 'box'");
    }

    @Test
    void tokensOptionStreamsAndReportsTokenPositions() throws Exception {
        String tokens = "[\"<Phrase>\",\"dog\",\"</Phrase>\",\"(\",\"<Unit>\",\"box\",\"</Unit>\",\"[0]\",\"<REF>\",\")\"]";
        assertThat(run(tokens, "--tokens", "-")).isZero();
        assertThat(new ObjectMapper().readTree(out()).get("references").get(0).get("tokenPosition").intValue())
                .isEqualTo(8);
    }

    @Test
    void badTokensInputIsAUsageError() {
        assertThat(run("{\"a\":1}", "--tokens", "-")).isEqualTo(TrpCommand.USAGE);
        assertThat(err()).contains("JSON array of strings");
    }

    @Test
    void usageErrors() {
        assertThat(run("")).isEqualTo(2);
        assertThat(err()).startsWith("trp: Missing required parameter: '<file | ->'\nUsage: trp ");
        assertThat(run("", "--frobnicate", "-")).isEqualTo(2);
        assertThat(err()).contains("trp: Unknown option: '--frobnicate'\nUsage: trp ");
        assertThat(run("", "a", "b")).isEqualTo(2);
        assertThat(run("", "--units")).isEqualTo(2);
        assertThat(run("", "/no/such/file.trp")).isEqualTo(2);
        assertThat(err()).contains("cannot read /no/such/file.trp");
    }

    @Test
    void helpPrintsUsage() {
        assertThat(run("", "--help")).isZero();
        assertThat(out()).startsWith("Usage: trp [-h] [--installed] [--lenient] [--tokens] [--units=LIST[,LIST...]]... <file | ->");
    }
}
