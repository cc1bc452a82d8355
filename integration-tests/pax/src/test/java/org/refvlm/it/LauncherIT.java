package org.refvlm.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Test;

/**
 * {@code bin/refvlm} as people and scripts use it: one-shot commands with exit statuses, state
 * that persists between runs, and an interactive shell session driven through standard input.
 */
public class LauncherIT {

    private Path deploy;
    private Path state;

    record Result(int exit, String out, String err) {
        String both() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    @Before
    public void freshHome() throws IOException {
        Path work = PlatformOptions.workDir("launcher");
        deploy = Files.createTempDirectory(work, "deploy");
        state = Files.createTempDirectory(work, "state");
    }

    private Result refvlm(String stdin, String... args) throws Exception {
        return refvlm(Map.of(), stdin, args);
    }

    private Result refvlm(Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(PlatformOptions.runtime().resolve("bin/refvlm").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("REFVLM_DEPLOY", deploy.toString());
        pb.environment().put("REFVLM_STATE", state.toString());
        pb.environment().remove("ONEDNN_MAX_CPU_ISA");           // the launcher's own choice is under test
        pb.environment().putAll(env);
        Path out = Files.createTempFile(state, "out", ".txt");
        Path err = Files.createTempFile(state, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/refvlm " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /**
     * Where an earlier run on this CPU found oneDNN's default convolution kernels wrong, the launcher
     * starts the next with them capped at SSE4.1, unless that was found wrong too, the record is of
     * another CPU, or the variable is set already (even empty). {@code status} shows the setting.
     */
    @Test
    public void theLauncherCapsOneDnnWhereTheCheckFoundItsKernelsWrong() throws Exception {
        // the launcher's identity of the CPU: its model name and flags lines, through cksum
        Process id = new ProcessBuilder("bash", "-c",
                "{ grep -m1 '^model name' /proc/cpuinfo; grep -m1 '^flags' /proc/cpuinfo; } 2>/dev/null | cksum | cut -d' ' -f1")
                .start();
        String cpu = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, id.waitFor());
        Path record = Files.createDirectories(state.resolve("cache")).resolve("convolution-check.properties");

        Files.writeString(record, "# a record\ncpu=" + cpu + "\ndefault=wrong\n");
        Result capped = refvlm("", "status");
        assertTrue(capped.both(), capped.out().contains("oneDNN ISA     SSE41 (ONEDNN_MAX_CPU_ISA)"));
        Result explicit = refvlm(Map.of("ONEDNN_MAX_CPU_ISA", ""), "", "status");
        assertTrue(explicit.both(), explicit.out().contains("oneDNN ISA     default"));

        Files.writeString(record, "cpu=" + cpu + "\ndefault=wrong\nSSE41=wrong\n");
        Result bothWrong = refvlm("", "status");
        assertTrue(bothWrong.both(), bothWrong.out().contains("oneDNN ISA     default"));

        Files.writeString(record, "cpu=another-" + cpu + "\ndefault=wrong\n");
        Result otherCpu = refvlm("", "status");
        assertTrue(otherCpu.both(), otherCpu.out().contains("oneDNN ISA     default"));
    }

    @Test
    public void statusReportsFrameworkBundlesAndTensorEngine() throws Exception {
        Result r = refvlm("", "status");
        assertEquals(r.both(), 0, r.exit());
        assertTrue(r.both(), r.out().contains("org.apache.felix.framework 7.0.5 (ACTIVE)"));
        assertTrue(r.both(), r.out().matches("(?s).*bundles +\\d+ \\{ACTIVE=\\d+\\}.*"));
        assertTrue(r.both(), r.out().contains("tensor engine  PyTorch 2.7.1 (DJL 0.36.0), libtorch 2.7.1+cpu"));
        assertTrue(r.both(), r.out().contains("device         cpu()"));
        assertTrue(r.both(), r.out().contains("oneDNN ISA     default"));   // a fresh state has no record
        assertEquals(r.both(), "", r.err());
    }

    /** No GPU here and no CUDA libtorch given: refused at start-up, naming what the runtime found. */
    @Test
    public void askingForAGpuWithoutACudaLibtorchIsAClearError() throws Exception {
        Result r = refvlm(Map.of("REFVLM_DEVICE", "gpu"), "", "status");
        assertEquals(r.both(), 1, r.exit());
        assertTrue(r.both(), r.err().contains("refvlm: the tensor runtime did not start: REFVLM_DEVICE=gpu asks for gpu(0), "
                + "but this runtime loads PyTorch 2.7.1 for the CPU ("));
        assertTrue(r.both(), r.err().contains("set REFVLM_LIBTORCH to the torch/lib folder of a torch==2.7.1+cu128 wheel"));
        assertFalse("no stack traces on the console:\n" + r.both(), r.err().contains("\tat "));
    }

    /** A wheel's layout whose version.py names another PyTorch: refused before any of it is loaded. */
    @Test
    public void aLibtorchOfAnotherVersionIsAClearError() throws Exception {
        Path lib = Files.createDirectories(state.resolve("site-packages/torch/lib"));
        Files.writeString(lib.resolve("libtorch.so"), "not loaded: the version is checked first");
        Files.writeString(lib.getParent().resolve("version.py"), "__version__ = '2.5.1+cu124'\ncuda: Optional[str] = '12.4'\n");
        Result r = refvlm(Map.of("REFVLM_DEVICE", "gpu", "REFVLM_LIBTORCH", lib.toString()), "", "selftest");
        assertEquals(r.both(), 1, r.exit());
        assertTrue(r.both(), r.err().contains("refvlm: the tensor runtime did not start: REFVLM_LIBTORCH=" + lib
                + " holds PyTorch 2.5.1+cu124 (built for CUDA 12.4, read from " + lib.getParent().resolve("version.py")
                + "), but this runtime's JNI library needs PyTorch 2.7.1 built for CUDA 12.8 (pip: torch==2.7.1+cu128)"));
    }

    @Test
    public void unknownCommandExitsWithUsageStatus() throws Exception {
        Result r = refvlm("", "frobnicate");
        assertEquals(r.both(), 2, r.exit());
        assertTrue(r.both(), r.err().contains("unknown command 'frobnicate'"));
    }

    @Test
    public void failingCommandExitsNonZeroWithItsMessage() throws Exception {
        Result r = refvlm("", "pin", "box", "nope");
        assertEquals(r.both(), 1, r.exit());
        assertTrue(r.both(), r.err().contains("no running decoder named 'nope' for unit 'box'"));
    }

    @Test
    public void argumentsReachTheCommandUnchanged() throws Exception {
        Result r = refvlm("", "pin", "a unit with 'quotes' and $dollars", "x");
        assertEquals(r.both(), 1, r.exit());
        assertTrue(r.both(), r.err().contains("for unit 'a unit with 'quotes' and $dollars'"));
    }

    @Test
    public void deployedDecodersAreListedAndPinsSurviveRestarts() throws Exception {
        Files.copy(PlatformOptions.alphaJar().toPath(), deploy.resolve("alpha.jar"));
        Files.copy(PlatformOptions.betaJar().toPath(), deploy.resolve("beta.jar"));

        Result listed = refvlm("", "decoders");
        assertEquals(listed.both(), 0, listed.exit());
        List<String> rows = listed.out().lines().toList();
        assertTrue(listed.both(), rows.get(0).startsWith("UNIT  DECODER"));
        assertTrue(listed.both(), rows.get(1).matches("box +beta-box +\\d+ +org.refvlm.it.decoder.box.beta +ACTIVE +20 +yes +-"));
        assertTrue(listed.both(), rows.get(2).matches("box +alpha-box +\\d+ +org.refvlm.it.decoder.box.alpha +ACTIVE +10 +- +-"));

        Result pinned = refvlm("", "pin", "box", "alpha-box");
        assertEquals(pinned.both(), 0, pinned.exit());

        Result after = refvlm("", "decoders");
        assertTrue(after.both(), after.out().lines().anyMatch(l -> l.matches("box +alpha-box .* +10 +yes +yes")));

        Result unpinned = refvlm("", "unpin", "box");
        assertTrue(unpinned.both(), unpinned.out().contains("decoder 'beta-box' serves it by ranking"));
        Result last = refvlm("", "decoders");
        assertTrue(last.both(), last.out().lines().anyMatch(l -> l.matches("box +beta-box .* +20 +yes +-")));
    }

    /** An administrator's session: install a decoder jar from a file, see it, stop it, see it gone. */
    @Test
    public void shellSessionInstallsListsAndStopsADecoder() throws Exception {
        String script = String.join("\n",
                "start " + PlatformOptions.alphaJar().toURI(),
                "refvlm:decoders",
                "stop org.refvlm.it.decoder.box.alpha",
                "refvlm:decoders",
                "");
        Result r = refvlm(script);
        assertEquals(r.both(), 0, r.exit());
        int listed = r.out().indexOf("alpha-box");
        int gone = r.out().indexOf("no decoder is installed");
        assertTrue("the decoder never appeared:\n" + r.both(), listed >= 0);
        assertTrue("the decoder did not leave after stop:\n" + r.both(), gone > listed);
        assertFalse(r.both(), r.out().contains("CommandNotFoundException"));
    }

    @Test
    public void trpPrintsTheTreeAsJsonAndFailsOnMalformedInput() throws Exception {
        Path answer = state.resolve("answer.trp");
        Files.writeString(answer, "<Phrase>capybaras</Phrase> ((<Unit>box</Unit>[0]<REF>[1]<REF>),"
                + "<Unit>box, keypoint</Unit>[0]<REF>) in <Phrase><Phrase>dog</Phrase> in <Phrase>park</Phrase></Phrase>");
        Result ok = refvlm("", "trp", answer.toString());
        assertEquals(ok.both(), 0, ok.exit());
        assertTrue(ok.both(), ok.out().contains("\"wellFormed\" : true"));
        assertTrue(ok.both(), ok.out().contains("\"keypoint\""));

        Result bad = refvlm("<Phrase>x</Phrase>(<Unit>box</Unit>[0]<REF>[2]<REF>", "trp", "-");
        assertEquals(bad.both(), 1, bad.exit());
        assertTrue(bad.both(), bad.err().contains("INDEX_GAP"));
        assertTrue(bad.both(), bad.err().contains("TRUNCATED"));
        assertTrue(bad.both(), bad.out().contains("\"wellFormed\" : false"));

        Result lenient = refvlm("<Phrase>x</Phrase>(<Unit>box</Unit>[0]<REF>", "trp", "--lenient", "-");
        assertEquals(lenient.both(), 0, lenient.exit());

        Result installed = refvlm("", "trp", "--installed", answer.toString());
        assertEquals("no decoder is installed, so every unit is unknown:\n" + installed.both(), 1, installed.exit());
        assertTrue(installed.both(), installed.err().contains("UNKNOWN_UNIT: no installed decoder handles unit 'box'"));
    }

    /** A safetensors file holding one F32 matrix: 8-byte header length, JSON header, data. */
    private static byte[] safetensors(String name, int rows, int cols, float... values) {
        String header = "{\"" + name + "\":{\"dtype\":\"F32\",\"shape\":[" + rows + "," + cols
                + "],\"data_offsets\":[0," + values.length * 4 + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + h.length + values.length * 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    @Test
    public void lsapSolvesEveryMatrixOfASafetensorsFile() throws Exception {
        Path in = state.resolve("costs.safetensors");
        Path out = state.resolve("assignment.json");
        // rows are predictions, columns targets; the optimum pairs row 0 with column 1, row 1 with column 0
        Files.write(in, safetensors("g0", 2, 3, 4, 1, 3, 2, Float.POSITIVE_INFINITY, 5));
        Result r = refvlm("", "lsap", in.toString(), out.toString());
        assertEquals(r.both(), 0, r.exit());
        String json = Files.readString(out).replaceAll("\\s", "");
        assertTrue(json, json.contains("\"row_indices\":[0,1]"));
        assertTrue(json, json.contains("\"col_indices\":[1,0]"));
        assertTrue(json, json.contains("\"total_cost\":3.0"));

        Result missing = refvlm("", "lsap", state.resolve("nope.safetensors").toString(), out.toString());
        assertEquals(missing.both(), 1, missing.exit());
    }

    @Test
    public void conformancePassesOnEveryModelFixtureInsideTheFramework() throws Exception {
        Path fixtures = Path.of(PlatformOptions.required("refvlm.it.fixtures"));
        List<String> args = new ArrayList<>(List.of("conformance"));
        for (String f : List.of("llama-tiny", "clip-vit-tiny", "convnext-tiny", "llama-bpe-tokenizer",
                "grounding-dino-tiny", "grounding-dino-other", "sam-tiny", "sam-odd")) {
            args.add(fixtures.resolve(f).toString());
        }
        Result r = refvlm("", args.toArray(String[]::new));
        assertEquals(r.both(), 0, r.exit());
        assertTrue(r.both(), r.out().contains("22 passed, 0 failed"));

        Result missing = refvlm("", "conformance", state.resolve("no-such-fixture").toString());
        assertEquals(missing.both(), 1, missing.exit());
    }

    /**
     * What a user runs first on a new machine, here on the CPU against itself: fixtures, a request
     * with the default model, three training steps; then with a fixture whose tolerance no float32
     * engine meets, which must fail.
     */
    @Test
    public void selftestPassesOnTheCpuAndFailsWhenAnOutputDisagrees() throws Exception {
        String model = PlatformOptions.required("refvlm.it.model");
        Result ok = refvlm("", "selftest", "--model", model);
        assertEquals(ok.both(), 0, ok.exit());
        for (String row : List.of("convolution path", "conformance llama-tiny", "conformance clip-vit-tiny", "request answer",
                "request object 0", "training step 3 loss", "checks passed")) {
            assertTrue(row + ":\n" + ok.both(), ok.out().contains(row));
        }
        assertFalse(ok.both(), ok.out().contains("FAIL"));

        Path fixtures = state.resolve("strict-fixtures");
        Path from = Path.of(PlatformOptions.required("refvlm.it.fixtures")).resolve("clip-vit-tiny");
        Path to = Files.createDirectories(fixtures.resolve("clip-vit-tiny"));
        try (var files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName().toString()));
            }
        }
        Path manifest = to.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"atol\": 0.0001", "\"atol\": 1e-12"));
        Result strict = refvlm("", "selftest", "--model", model, "--fixtures", fixtures.toString());
        assertEquals(strict.both(), 1, strict.exit());
        assertTrue(strict.both(), strict.out().contains("1/2 cases, first failing: forward"));
        assertTrue(strict.both(), strict.out().contains("checks FAILED"));
    }

    @Test
    public void dataSynthCheckAndShowRunInsideTheFramework() throws Exception {
        Path out = state.resolve("synth");
        Result synth = refvlm("", "data", "synth", "--n", "200", "--split", "val", "--seed", "1", "--out", out.toString());
        assertEquals(synth.both(), 0, synth.exit());
        Result check = refvlm("", "data", "check", out.toString());
        assertEquals(check.both(), 0, check.exit());
        assertTrue(check.both(), check.out().contains("200 valid samples"));
        assertTrue(check.both(), check.out().contains(" 0 problems"));
        Path png = state.resolve("show.png");
        Result show = refvlm("", "data", "show", out.toString(), "7", "--out", png.toString());
        assertEquals(show.both(), 0, show.exit());
        assertTrue(Files.size(png) > 1000);
        Result bad = refvlm("", "data", "check", state.resolve("nothing-here").toString());
        assertEquals(bad.both(), 1, bad.exit());
    }

    @Test
    public void askRunsEndToEndOnATinyRandomModelAndWritesJsonAndOverlay() throws Exception {
        Path model = state.resolve("random-model");
        Result made = refvlm("", "model", "random", "--out", model.toString(), "--seed", "1");
        assertEquals(made.both(), 0, made.exit());
        Path image = state.resolve("picture.png");
        java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(picture, "png", image.toFile());
        Path json = state.resolve("answer.json");
        Path overlay = state.resolve("overlay.png");
        Result asked = refvlm("", "ask", "--model", model.toString(), "--image", image.toString(),
                "--prompt", "What is in <region>?", "--box", "5,5,30,30", "--max-tokens", "8",
                "--out", json.toString(), "--overlay", overlay.toString());
        assertEquals(asked.both(), 0, asked.exit());
        assertTrue(Files.readString(json).contains("\"objects\""));
        assertTrue(javax.imageio.ImageIO.read(overlay.toFile()).getWidth() == 64);

        Result forced = refvlm("", "ask", "--image", image.toString(), "--prompt", "Find it.",
                "--answer", "<Phrase>it</Phrase>(<Unit>box</Unit>[0]<REF>)", "--out", json.toString());
        assertEquals("the model stays configured between runs:\n" + forced.both(), 0, forced.exit());
        assertTrue(forced.both(), Files.readString(json).contains("no decoder installed for unit 'box'"));

        Result bad = refvlm("", "ask", "--image", image.toString(), "--prompt", "x");
        assertEquals(bad.both(), 2, bad.exit());
        assertTrue(bad.both(), bad.err().startsWith("ask: Missing required option: '--out=RESULT.json'\nUsage: ask "));
    }

    /** README's first command: refvlm's own lines only, nothing on stderr (no native library warnings). */
    @Test
    public void askOnTheReadmeSamplePrintsNothingOnStderr() throws Exception {
        Path shapes = Path.of(PlatformOptions.required("refvlm.it.models")).resolve("shapes-tiny");
        Path json = state.resolve("result.json");
        Result r = refvlm("", "ask", "--model", shapes.resolve("model").toString(),
                "--image", shapes.resolve("sample.png").toString(), "--task", "grounding_detection",
                "--prompt", "Find the blue diamond and give its bounding box.", "--out", json.toString(),
                "--overlay", state.resolve("overlay.png").toString());
        assertEquals(r.both(), 0, r.exit());
        assertEquals(r.both(), "", r.err());
        assertTrue(r.both(), r.out().contains("<Phrase>the blue diamond</Phrase>"));
        // The default model boxes the blue diamond: IoU >= 0.5 with the box of the diamond's visible pixels.
        java.util.regex.Matcher box = java.util.regex.Pattern.compile("\"box\" : \\[ ([-0-9.E]+), ([-0-9.E]+), "
                + "([-0-9.E]+), ([-0-9.E]+) \\]").matcher(Files.readString(json));
        assertTrue(Files.readString(json), box.find());
        java.awt.image.BufferedImage sample = javax.imageio.ImageIO.read(shapes.resolve("sample.png").toFile());
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        for (int y = 0; y < sample.getHeight(); y++) {
            for (int x = 0; x < sample.getWidth(); x++) {
                int rgb = sample.getRGB(x, y);
                int red = rgb >> 16 & 0xff, green = rgb >> 8 & 0xff, blue = rgb & 0xff;
                if (blue > 150 && red < 130) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x + 1);
                    y1 = Math.max(y1, y + 1);
                }
            }
        }
        assertTrue("no blue pixels in the sample", x1 > x0);
        double bx0 = Double.parseDouble(box.group(1)), by0 = Double.parseDouble(box.group(2));
        double bx1 = Double.parseDouble(box.group(3)), by1 = Double.parseDouble(box.group(4));
        double iw = Math.max(0, Math.min(bx1, x1) - Math.max(bx0, x0)), ih = Math.max(0, Math.min(by1, y1) - Math.max(by0, y0));
        double union = (bx1 - bx0) * (by1 - by0) + (double) (x1 - x0) * (y1 - y0) - iw * ih;
        double iou = iw * ih / union;
        assertTrue("IoU " + iou + " of " + box.group() + " with the blue diamond [" + x0 + ", " + y0 + ", " + x1 + ", " + y1 + "]",
                iou >= 0.5);
    }

    @Test
    public void aMissingPictureAndAMissingOutputFolderAreNamed() throws Exception {
        Path missing = state.resolve("nowhere.png");
        Result noPicture = refvlm("", "ask", "--image", missing.toString(), "--prompt", "x", "--out",
                state.resolve("r.json").toString());
        assertEquals(noPicture.both(), 1, noPicture.exit());
        assertEquals(noPicture.both(), "ask: " + missing + ": no such file\n", noPicture.err());
        Path image = state.resolve("picture.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", image.toFile());
        Path out = state.resolve("no-such-folder/r.json");
        Result noFolder = refvlm("", "ask", "--image", image.toString(), "--prompt", "x", "--out", out.toString());
        assertEquals(noFolder.both(), 1, noFolder.exit());
        assertEquals(noFolder.both(), "ask: " + out + ": cannot write it: the folder "
                + state.resolve("no-such-folder") + " does not exist\n", noFolder.err());
    }
}
