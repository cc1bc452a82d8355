package org.refvlm.core.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.VisualPrompt;
import picocli.CommandLine;

/** {@code ask}'s visual prompts: every kind, in command-line order, and bad ones named. */
class AskArgumentsTest {

    @TempDir
    Path dir;

    private static AskArguments parse(String... args) {
        AskArguments a = new AskArguments(x -> 0);
        new CommandLine(a).parseArgs(args);
        return a;
    }

    @Test
    void everyPromptKindKeepsTheCommandLinesOrder() throws Exception {
        BufferedImage m = new BufferedImage(8, 6, BufferedImage.TYPE_BYTE_GRAY);
        m.getRaster().setSample(2, 3, 0, 255);
        m.getRaster().setSample(3, 3, 0, 255);
        Path mask = dir.resolve("m.png");
        ImageIO.write(m, "png", mask.toFile());

        AskArguments a = parse("--image", "x.png", "--prompt", "p", "--out", "o.json", "--scribble", "1,2;3,4; 5,6",
                "--point", "7,8", "--mask", mask.toString(), "--box", "0,0,4,4");
        List<VisualPrompt> p = a.prompts();
        assertThat(p).hasSize(4);
        assertThat(p.get(0)).isEqualTo(new VisualPrompt.Scribble(List.of(new VisualPrompt.Point(1, 2),
                new VisualPrompt.Point(3, 4), new VisualPrompt.Point(5, 6))));
        assertThat(p.get(1)).isEqualTo(new VisualPrompt.Point(7, 8));
        VisualPrompt.Mask read = (VisualPrompt.Mask) p.get(2);
        assertThat(read.mask().width()).isEqualTo(8);
        assertThat(read.mask().height()).isEqualTo(6);
        boolean[] pixels = read.mask().decode();
        assertThat(pixels[3 * 8 + 2]).isTrue();
        assertThat(pixels[3 * 8 + 3]).isTrue();
        assertThat(read.mask().area()).isEqualTo(2L);
        assertThat(p.get(3)).isEqualTo(new VisualPrompt.Box(0, 0, 4, 4));
    }

    @Test
    void badPromptsAreNamed() throws Exception {
        assertThatThrownBy(() -> parse("--image", "x.png", "--prompt", "p", "--out", "o.json", "--scribble", "1,2;3"))
                .hasMessageContaining("--scribble takes 2 comma-separated numbers, got '3'");
        Path black = dir.resolve("black.png");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY), "png", black.toFile());
        assertThatThrownBy(() -> parse("--image", "x.png", "--prompt", "p", "--out", "o.json", "--mask", black.toString()))
                .hasMessageContaining("is all black");
        assertThatThrownBy(() -> parse("--image", "x.png", "--prompt", "p", "--out", "o.json", "--mask",
                dir.resolve("none.png").toString())).hasMessageContaining("cannot be read");
    }
}
