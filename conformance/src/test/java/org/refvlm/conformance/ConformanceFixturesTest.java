package org.refvlm.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.refvlm.TestFixtures;

/**
 * Every case of every public fixture must pass within the manifest's own tolerance; the
 * tolerances are read from the manifests and never restated here.
 */
class ConformanceFixturesTest {

    @ParameterizedTest
    @ValueSource(strings = {"llama-tiny", "clip-vit-tiny", "convnext-tiny", "llama-bpe-tokenizer",
            "grounding-dino-tiny", "grounding-dino-other", "sam-tiny", "sam-odd"})
    void everyManifestCasePasses(String fixture) throws Exception {
        Path folder = TestFixtures.folder(fixture);
        Manifest manifest = Manifest.read(folder);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<CaseResult> results = new Conformance().runFolder(folder, Device.cpu(),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(results).as("folder could not run: %s", err).isNotNull();
        Set<String> ran = results.stream().map(CaseResult::name).collect(Collectors.toSet());
        for (Manifest.Case c : manifest.cases()) {
            assertThat(ran).as("case %s ran", c.name()).contains(c.name());
        }
        for (CaseResult r : results) {
            assertThat(r.passed()).as("%s/%s: diff %s > tol %s (%s)", fixture, r.name(), r.maxAbsDiff(),
                    r.tolerance(), r.detail()).isTrue();
            if (!r.exact()) {
                Manifest.Case c = manifest.cases().stream()
                        .filter(m -> r.name().startsWith(m.name())).findFirst().orElseThrow();
                assertThat(r.tolerance()).isEqualTo(c.atol());
            }
        }
    }

    @Test
    void runnerPrintsTableAndReturnsZeroWhenAllPass() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new Conformance().run(List.of(TestFixtures.folder("convnext-tiny").toString(),
                        TestFixtures.folder("llama-bpe-tokenizer").toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(text + err).isZero();
        assertThat(text).contains("forward").contains("PASS").doesNotContain("FAIL").contains("6 passed, 0 failed");
    }

    @Test
    void runnerFailsOnUnknownKindMissingManifestAndBrokenGolden(@TempDir Path dir) throws Exception {
        Path unknown = Files.createDirectories(dir.resolve("unknown"));
        Files.writeString(unknown.resolve("manifest.json"), "{\"kind\":\"no-such-kind\",\"cases\":[]}");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Path src = TestFixtures.folder("convnext-tiny");
        for (String f : new String[] {"manifest.json", "config.json", "model.safetensors"}) {
            Files.copy(src.resolve(f), broken.resolve(f));
        }
        byte[] golden = Files.readAllBytes(src.resolve("golden.safetensors"));
        Files.write(broken.resolve("golden.safetensors"), java.util.Arrays.copyOf(golden, golden.length - 100));
        for (Path p : new Path[] {unknown, empty, broken}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = new Conformance().run(List.of(p.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(rc).as(p.toString()).isNotZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAIL");
        }
    }

    @Test
    void runnerRejectsBadArguments() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
        assertThat(new Conformance().run(List.of(), ps, ps)).isEqualTo(2);
        assertThat(new Conformance().run(List.of("--device", "tpu", "x"), ps, ps)).isEqualTo(2);
    }
}
