package org.refvlm.trainer.eval.tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.refvlm.api.DepthMap;
import org.refvlm.api.DepthUnit;
import org.refvlm.core.pipeline.DepthPng;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Response;
import org.refvlm.data.DepthMapRef;
import org.refvlm.trainer.eval.Metric;

/**
 * Depth estimation with the metrics of the monocular-depth evaluations (BTS, AdaBins,
 * Depth-Anything-V2): per image, over the pixels whose true depth d* is known (stored value above 0)
 * and within 0.001 to 80 m, and whose predicted depth d is positive: delta1, delta2, delta3 (share
 * with max(d / d*, d* / d) below 1.25, 1.25^2, 1.25^3), AbsRel (mean |d - d*| / d*), SqRel (mean
 * (d - d*)^2 / d*), RMSE (metres), RMSE log (of ln d - ln d*), log10 (mean |log10 d - log10 d*|) and
 * SILog (100 sqrt(mean g^2 - (mean g)^2), g = ln d - ln d*); each averaged over images. An answer
 * without a depth map of the image's size scores the deltas 0 and counts as missing; images with
 * fewer than 10 valid pixels are skipped, as there.
 */
public final class DepthScorer implements TaskScorer {

    static final double MIN_DEPTH = 0.001;
    static final double MAX_DEPTH = 80;
    /** Per image: delta1, delta2, delta3, AbsRel, SqRel, RMSE, RMSE log, log10, SILog. */
    private final List<double[]> perImage = new ArrayList<>();
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
            perImage.add(new double[] {0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
            return;
        }
        double[] image = compare(truth, predicted);
        if (image != null) {
            perImage.add(image);
        }
    }

    /** The nine metrics of one image, or null when it has fewer than 10 valid pixels. */
    static double[] compare(double[][] truth, DepthMap predicted) {
        int n = 0;
        int[] within = new int[3];
        double absRel = 0, sqRel = 0, sq = 0, sqLog = 0, log10 = 0, g = 0;
        for (int y = 0; y < truth.length; y++) {
            for (int x = 0; x < truth[0].length; x++) {
                double t = truth[y][x];
                double d = predicted.at(x, y);
                if (t < MIN_DEPTH || t > MAX_DEPTH || !(d > 0)) {
                    continue;
                }
                n++;
                double ratio = Math.max(d / t, t / d);
                for (int k = 0; k < 3; k++) {
                    if (ratio < Math.pow(1.25, k + 1)) {
                        within[k]++;
                    }
                }
                absRel += Math.abs(d - t) / t;
                sqRel += (d - t) * (d - t) / t;
                sq += (d - t) * (d - t);
                double lg = Math.log(d) - Math.log(t);
                sqLog += lg * lg;
                g += lg;
                log10 += Math.abs(Math.log10(d) - Math.log10(t));
            }
        }
        if (n < 10) {
            return null;
        }
        double meanG = g / n;
        return new double[] {(double) within[0] / n, (double) within[1] / n, (double) within[2] / n, absRel / n,
                sqRel / n, Math.sqrt(sq / n), Math.sqrt(sqLog / n), log10 / n,
                100 * Math.sqrt(Math.max(0, sqLog / n - meanG * meanG))};
    }

    /** A 16-bit depth PNG in metres (stored value / units per metre; 0 = unknown). */
    static double[][] read(Path png, double unitsPerMetre) throws IOException {
        DepthPng.Stored stored = DepthPng.read(png);
        double[][] d = new double[stored.height()][stored.width()];
        for (int y = 0; y < d.length; y++) {
            for (int x = 0; x < d[0].length; x++) {
                d[y][x] = stored.values()[y * stored.width() + x] / unitsPerMetre;
            }
        }
        return d;
    }

    @Override
    public List<Metric> metrics() {
        return List.of(new Metric("delta1", "delta1 (max ratio < 1.25)", mean(0)),
                new Metric("delta2", "delta2 (max ratio < 1.25^2)", mean(1)),
                new Metric("delta3", "delta3 (max ratio < 1.25^3)", mean(2)),
                new Metric("absRel", "AbsRel", mean(3)), new Metric("sqRel", "SqRel (m)", mean(4)),
                new Metric("rmse", "RMSE (m)", mean(5)), new Metric("rmseLog", "RMSE log", mean(6)),
                new Metric("log10", "log10", mean(7)), new Metric("silog", "SILog (x100)", mean(8)),
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
