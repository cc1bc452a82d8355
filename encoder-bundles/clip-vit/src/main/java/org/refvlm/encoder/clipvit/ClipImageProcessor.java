package org.refvlm.encoder.clipvit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.refvlm.nn.AntialiasedBicubic;

/**
 * CLIP image preprocessing as transformers 5 does it: resize so the shortest edge is
 * {@code shortestEdge} (longest edge truncated like {@code int(size * long / short)}) with
 * antialiased bicubic (Keys a = -0.5, torchvision's antialias=True) on the 8-bit image with
 * PyTorch's fixed-point uint8 kernel, centre crop, then (x - 255 mean) / (255 std) in float32,
 * which is transformers' fused rescale-and-normalise. The crop offset is {@code (size - crop) / 2}
 * truncated, as transformers' own centre crop computes it (torchvision's rounds half to even,
 * which moves an odd-offset crop by one pixel); a crop larger than the picture is zero padded,
 * {@code (crop - size) / 2} before.
 */
public final class ClipImageProcessor {
    private final ClipImageProcessorConfig config;

    public ClipImageProcessor(ClipImageProcessorConfig config) {
        this.config = config;
    }

    public ClipImageProcessorConfig config() {
        return config;
    }

    /** Reads an image file (PNG, JPEG, ...) as 8-bit RGB. */
    public static int[][] readRgb(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException("cannot decode image " + file);
        }
        return rgb(img);
    }

    /**
     * RGB planes [3][H*W] with values 0..255. Component rasters are read directly: going through
     * getRGB would apply Java's colour management to grey images and change their values.
     */
    public static int[][] rgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[][] planes = new int[3][w * h + 2];
        planes[0][w * h] = w;
        planes[0][w * h + 1] = h;
        Raster r = img.getRaster();
        boolean component = img.getColorModel() instanceof java.awt.image.ComponentColorModel
                && r.getSampleModel().getSampleSize(0) == 8;
        int bands = r.getNumBands();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (component && bands <= 2) {
                    int g = r.getSample(x, y, 0);
                    planes[0][i] = g;
                    planes[1][i] = g;
                    planes[2][i] = g;
                } else if (component) {
                    planes[0][i] = r.getSample(x, y, 0);
                    planes[1][i] = r.getSample(x, y, 1);
                    planes[2][i] = r.getSample(x, y, 2);
                } else {
                    int argb = img.getRGB(x, y);
                    planes[0][i] = (argb >> 16) & 0xff;
                    planes[1][i] = (argb >> 8) & 0xff;
                    planes[2][i] = argb & 0xff;
                }
            }
        }
        return planes;
    }

    /** Processes an image to a [3, cropH, cropW] float array (channel-major). */
    public float[] process(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[][] planes = rgb(image);
        // Output size of the shortest-edge resize, as transformers computes it.
        int outW;
        int outH;
        if (w <= h) {
            outW = config.shortestEdge();
            outH = (int) ((long) config.shortestEdge() * h / w);
        } else {
            outH = config.shortestEdge();
            outW = (int) ((long) config.shortestEdge() * w / h);
        }
        int ch = config.cropHeight();
        int cw = config.cropWidth();
        // Integer division truncates towards zero, which is also transformers' padding offset for
        // a crop larger than the picture.
        int top = (outH - ch) / 2;
        int left = (outW - cw) / 2;
        float[] mean = config.mean();
        float[] std = config.std();
        float inv = (float) (1.0 / config.rescaleFactor());
        float[] out = new float[3 * ch * cw];
        for (int c = 0; c < 3; c++) {
            float[] resized;
            if (config.roundToUint8()) {
                int[] src = java.util.Arrays.copyOf(planes[c], w * h);
                int[] r8 = AntialiasedBicubic.resizeUint8(src, h, w, outH, outW);
                resized = new float[r8.length];
                for (int i = 0; i < r8.length; i++) {
                    resized[i] = r8[i];
                }
            } else {
                float[] src = new float[w * h];
                for (int i = 0; i < w * h; i++) {
                    src[i] = planes[c][i];
                }
                resized = AntialiasedBicubic.resize(src, h, w, outH, outW);
            }
            float m = mean[c] * inv;
            float s = std[c] * inv;
            for (int y = 0; y < ch; y++) {
                for (int x = 0; x < cw; x++) {
                    int sy = y + top;
                    int sx = x + left;
                    // Crop windows larger than the image are padded with zeros, like torchvision.
                    float v = sy >= 0 && sy < outH && sx >= 0 && sx < outW ? resized[sy * outW + sx] : 0f;
                    out[(c * ch + y) * cw + x] = (v - m) / s;
                }
            }
        }
        return out;
    }

    /** Processes an image into a [1, 3, cropH, cropW] array on {@code manager}. */
    public NDArray process(BufferedImage image, NDManager manager) {
        return manager.create(process(image), new Shape(1, 3, config.cropHeight(), config.cropWidth()));
    }

    /** Reads and processes an image file. */
    public NDArray process(Path file, NDManager manager) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException("cannot decode image " + file);
        }
        return process(img, manager);
    }
}
