package org.refvlm.data.synth;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Path;
import org.refvlm.data.AtomicFile;

/** Writes scene pictures (8-bit RGB) and depth maps (16-bit grey) as PNG with javax.imageio. */
public final class ScenePng {
    private ScenePng() {
    }

    /**
     * Writes the picture as an 8-bit palette PNG when it has at most 256 colours (synthetic scenes always do:
     * a wall gradient plus a few tones per object), which is about three times faster to encode and smaller
     * than RGB; any PNG reader returns the same colours. Falls back to 24-bit RGB otherwise.
     */
    public static void writeRgb(Path file, int[] rgb, int width, int height) throws IOException {
        BufferedImage img = indexed(rgb, width, height);
        if (img == null) {
            img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            byte[] data = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int i = 0, k = 0; i < rgb.length; i++) {
                int c = rgb[i];
                data[k++] = (byte) c;
                data[k++] = (byte) (c >> 8);
                data[k++] = (byte) (c >> 16);
            }
        }
        write(file, img);
    }

    /** The picture with a palette, or null if it has more than 256 colours. */
    static BufferedImage indexed(int[] rgb, int width, int height) {
        // open addressing over 1024 slots: the palette is small and this runs once per pixel
        int[] keys = new int[1024];
        short[] slots = new short[1024];
        java.util.Arrays.fill(slots, (short) -1);
        int[] palette = new int[256];
        int colours = 0;
        byte[] index = new byte[rgb.length];
        int last = -1, lastIndex = 0;
        for (int i = 0; i < rgb.length; i++) {
            int c = rgb[i] & 0xFFFFFF;
            if (c != last) {
                int h = (c * 0x9E3779B1) >>> 22;
                while (slots[h] >= 0 && keys[h] != c) {
                    h = (h + 1) & 1023;
                }
                if (slots[h] < 0) {
                    if (colours == 256) {
                        return null;
                    }
                    keys[h] = c;
                    slots[h] = (short) colours;
                    palette[colours++] = c;
                }
                last = c;
                lastIndex = slots[h];
            }
            index[i] = (byte) lastIndex;
        }
        byte[] r = new byte[colours], g = new byte[colours], b = new byte[colours];
        for (int k = 0; k < colours; k++) {
            r[k] = (byte) (palette[k] >> 16);
            g[k] = (byte) (palette[k] >> 8);
            b[k] = (byte) palette[k];
        }
        IndexColorModel model = new IndexColorModel(8, colours, r, g, b);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, model);
        byte[] data = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(index, 0, data, 0, index.length);
        return img;
    }

    /** Stores round(metres * unitsPerMetre), clamped to 16 bits; 0 is reserved for "no depth". */
    public static void writeDepth(Path file, float[] metres, int width, int height, double unitsPerMetre) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        short[] data = ((DataBufferUShort) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
            long v = Math.round(metres[i] * unitsPerMetre);
            data[i] = (short) Math.max(1, Math.min(65535, v));
        }
        write(file, img);
    }

    /**
     * Light compression: synthetic pictures are flat colour, so deflate level matters little but time does.
     * Written beside the target and moved into place, so a reader (or a second writer of the same scene,
     * such as a retried Spark task) never sees half a picture.
     */
    private static void write(Path file, BufferedImage img) throws IOException {
        AtomicFile.write(file, stream -> {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(stream)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                if (param.canWriteCompressed()) {
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setCompressionQuality(0.9f); // deflate level 1: flat colours compress well anyway
                }
                writer.write(null, new IIOImage(img, null, null), param);
            } finally {
                writer.dispose();
            }
        });
    }
}
