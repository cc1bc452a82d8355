package org.refvlm.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded fuzzing of picture reading (issue 23, item 9): truncated and corrupt PNG and JPEG files
 * and headers that claim huge sizes (50000 x 50000). Each must read or fail with an
 * {@link IOException} starting with the file's path; nothing else may escape (no runtime
 * exception from a decoder, no OutOfMemoryError); a hang would be stopped by the build's fork
 * timeout. The number of inputs tried is printed to the test output.
 */
class PictureFuzzTest {

    private static final int INPUTS = 1500;

    @TempDir
    Path dir;

    @Test
    void corruptTruncatedAndHugePicturesFailWithTheFileNamed() throws Exception {
        BufferedImage picture = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(20261203);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 48; x++) {
                picture.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        byte[] png = encode(picture, "png");
        byte[] jpeg = encode(picture, "jpeg");
        List<String> escaped = new ArrayList<>();
        int tried = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] source = i % 2 == 0 ? png : jpeg;
            byte[] input = switch (i % 6) {
                case 0, 1 -> java.util.Arrays.copyOf(source, random.nextInt(source.length));
                case 2, 3 -> flip(source, random);
                case 4 -> TestImages.png(sizeClaim(random), sizeClaim(random), random.nextInt(3));
                default -> jpegClaiming(jpeg, sizeClaim(random), sizeClaim(random));
            };
            Path f = dir.resolve("fuzz-" + i + (i % 2 == 0 ? ".png" : ".jpg"));
            Files.write(f, input);
            try {
                RgbImage.read(f);
            } catch (IOException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith(f.toString())) {
                    escaped.add("input " + i + ": IOException without the file first: " + e);
                }
            } catch (RuntimeException | Error e) {
                escaped.add("input " + i + ": " + e);
            }
            Files.delete(f);
            tried++;
        }
        System.out.println("fuzz: picture reader: " + tried + " inputs tried, " + escaped.size() + " escaped");
        assertThat(escaped).isEmpty();
    }

    private static int sizeClaim(Random random) {
        int[] sizes = {1, 2, 48, 65535, 50_000, 1 << 20, Integer.MAX_VALUE};
        return sizes[random.nextInt(sizes.length)];
    }

    private static byte[] encode(BufferedImage picture, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(picture, format, out);
        return out.toByteArray();
    }

    private static byte[] flip(byte[] bytes, Random random) {
        byte[] copy = bytes.clone();
        int flips = 1 + random.nextInt(6);
        for (int k = 0; k < flips; k++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    /** The JPEG with its frame header (SOF0) claiming another size. */
    private static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
        byte[] copy = jpeg.clone();
        for (int i = 2; i + 8 < copy.length; i++) {
            if ((copy[i] & 0xff) == 0xFF && (copy[i + 1] & 0xff) == 0xC0) {
                ByteBuffer.wrap(copy, i + 5, 4).putShort((short) height).putShort((short) width);
                return copy;
            }
        }
        return copy;
    }

}
