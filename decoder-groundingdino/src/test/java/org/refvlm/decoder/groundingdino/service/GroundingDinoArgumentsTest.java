package org.refvlm.decoder.groundingdino.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.cli.CommandLines;

/** The command line of {@code grounding-dino}: what each subcommand receives, and usage errors named with exit 2. */
class GroundingDinoArgumentsTest {

    private final List<Object> calls = new ArrayList<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        GroundingDinoArguments.Work work = new GroundingDinoArguments.Work() {
            @Override
            public int detect(GroundingDinoArguments.Detect a, PrintStream out) {
                calls.add(a);
                return CommandLines.OK;
            }

            @Override
            public int pretrain(GroundingDinoArguments.Pretrain a, PrintStream out) {
                calls.add(a);
                return CommandLines.OK;
            }
        };
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return CommandLines.run(new GroundingDinoArguments(work, out), List.of(args), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void detectTakesTheFolderPictureCaptionAndThresholds() {
        assertThat(run("detect", "--model", "m", "--image", "p.png", "--caption", "red circle. blue star.", "--side",
                "128", "--box-threshold", "0.2")).isZero();
        GroundingDinoArguments.Detect d = (GroundingDinoArguments.Detect) calls.get(0);
        assertThat(d.model).isEqualTo(Path.of("m"));
        assertThat(d.image).isEqualTo(Path.of("p.png"));
        assertThat(d.caption).isEqualTo("red circle. blue star.");
        assertThat(d.side).isEqualTo(128);
        assertThat(d.boxThreshold).isEqualTo(0.2);
        assertThat(d.textThreshold).isEqualTo(0.25);
    }

    @Test
    void pretrainTakesTheRecipeAndTheRunFolder() {
        assertThat(run("pretrain", "--recipe", "r.json", "--out", "var/runs/x")).isZero();
        GroundingDinoArguments.Pretrain p = (GroundingDinoArguments.Pretrain) calls.get(0);
        assertThat(p.recipe).isEqualTo(Path.of("r.json"));
        assertThat(p.out).isEqualTo(Path.of("var/runs/x"));
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhat() {
        assertThat(run()).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("detect or pretrain");
        assertThat(run("detect", "--model", "m", "--image", "p.png")).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--caption");
        assertThat(run("detect", "--model", "m", "--image", "p.png", "--caption", "x", "--box-threshold", "1.5"))
                .isEqualTo(CommandLines.USAGE);
        assertThat(calls).isEmpty();
    }
}
