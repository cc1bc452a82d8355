package org.refvlm.trainer.eval.tasks;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.refvlm.api.DepthMap;
import org.refvlm.api.DepthUnit;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Response;
import org.refvlm.data.DepthMapRef;
import org.refvlm.trainer.eval.Metric;

/**
 * Depth estimation with the metrics of Depth-Anything-V2's evaluation: per image, over the pixels
 * whose true depth is known (stored value above 0) and within 0.001 to 80 m, and whose predicted
 * depth is positive: delta1 (share with max(d / d*, d* / d) < 1.25), AbsRel (mean |d - d*| / d*) and
 * RMSE (metres); each averaged over images. An answer without a depth map of the image's size scores
 * delta1 0 and counts as missing; images with fewer than 10 valid pixels are skipped, as there.
 */
public final class DepthScorer implements TaskScorer {

    static final double MIN_DEPTH = 0.001;
    static final double MAX_DEPTH = 80;
    private final List<double[]> perImage = new ArrayList<>(); // {delta1, absRel, rmse}
    private int missing;

    @Override
    public void add(TurnItem item, Response response) {
        List<DepthMapRef> refs = item.sample().targets().depthMaps();
        if (refs.isEmpty()) {
            return;
        }
        double[][] truth;
        try {
            truth = read(item.folder().resolve(refs.get(0).path()), refs.get(0).unitsPerMetre());
        } catch (IOException e) {
            throw new IllegalArgumentException("sample " + item.sample().id() + ": depth map " + refs.get(0).path()
                    + " cannot be read: " + e.getMessage(), e);
        }
        DepthMap predicted = null;
        for (ReferredObject o : response.objects()) {
            if (o.result().orElse(null) instanceof DepthUnit d) {
                predicted = d.depth();
                break;
            }
        }
        int h = truth.length;
        int w = truth[0].length;
        if (predicted == null || predicted.width() != w || predicted.height() != h) {
            missing++;
            perImage.add(new double[] {0, Double.NaN, Double.NaN});
            return;
        }
        int n = 0;
        int within = 0;
        double absRel = 0;
        double sq = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double t = truth[y][x];
                double d = predicted.at(x, y);
                if (t < MIN_DEPTH || t > MAX_DEPTH || !(d > 0)) {
                    continue;
                }
                n++;
                if (Math.max(d / t, t / d) < 1.25) {
                    within++;
                }
                absRel += Math.abs(d - t) / t;
                sq += (d - t) * (d - t);
            }
        }
        if (n >= 10) {
            perImage.add(new double[] {(double) within / n, absRel / n, Math.sqrt(sq / n)});
        }
    }

    /** A 16-bit depth PNG in metres (stored value / units per metre; 0 = unknown). */
    static double[][] read(Path png, double unitsPerMetre) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        if (img == null) {
            throw new IOException("not a picture ImageIO reads");
        }
        Raster r = img.getRaster();
        double[][] d = new double[img.getHeight()][img.getWidth()];
        for (int y = 0; y < d.length; y++) {
            for (int x = 0; x < d[0].length; x++) {
                d[y][x] = r.getSample(x, y, 0) / unitsPerMetre;
            }
        }
        return d;
    }

    @Override
    public List<Metric> metrics() {
        return List.of(new Metric("delta1", "delta1 (max ratio < 1.25)", mean(0)),
                new Metric("absRel", "AbsRel", mean(1)), new Metric("rmse", "RMSE (m)", mean(2)),
                new Metric("missing", "answers without a depth map", missing));
    }

    private double mean(int k) {
        return perImage.stream().mapToDouble(v -> v[k]).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    @Override
    public String running() {
        return String.format(Locale.ROOT, "delta1 %.3f", mean(0));
    }
}
