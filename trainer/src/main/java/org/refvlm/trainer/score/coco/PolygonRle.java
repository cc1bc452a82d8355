package org.refvlm.trainer.score.coco;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.refvlm.api.CocoRle;

/**
 * Polygons to a mask the way COCO's mask API rasterises them, so that polygon ground truth gives the
 * reference's areas and IoUs: the outline is traced on a 5x finer integer grid, every place where it
 * crosses a pixel column's centre becomes the start or end of a foreground run in that column, and
 * the sorted run boundaries give the RLE directly. Several polygons of one object are united.
 */
final class PolygonRle {

    private static final int SCALE = 5;

    private PolygonRle() {
    }

    static CocoRle rasterise(List<double[]> polygons, int height, int width) {
        if (polygons.size() == 1) {
            return one(polygons.get(0), height, width);
        }
        boolean[] union = new boolean[height * width];
        for (double[] p : polygons) {
            boolean[] m = one(p, height, width).decode();
            for (int i = 0; i < union.length; i++) {
                union[i] |= m[i];
            }
        }
        return CocoRle.encode(union, height, width);
    }

    private static CocoRle one(double[] xy, int height, int width) {
        int k = xy.length / 2;
        int[] x = new int[k + 1];
        int[] y = new int[k + 1];
        for (int j = 0; j < k; j++) {
            // the reference converts with a C cast, which truncates towards zero
            x[j] = (int) (SCALE * xy[2 * j] + .5);
            y[j] = (int) (SCALE * xy[2 * j + 1] + .5);
        }
        x[k] = x[0];
        y[k] = y[0];
        // trace every edge on the fine grid, one point per step along its longer axis
        List<int[]> trace = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            int xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1];
            int dx = Math.abs(xe - xs);
            int dy = Math.abs(ys - ye);
            boolean flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
            if (flip) {
                int t = xs;
                xs = xe;
                xe = t;
                t = ys;
                ys = ye;
                ye = t;
            }
            if (dx >= dy) {
                double s = dx == 0 ? 0 : (double) (ye - ys) / dx;
                for (int d = 0; d <= dx; d++) {
                    int t = flip ? dx - d : d;
                    trace.add(new int[] {t + xs, (int) (ys + s * t + .5)});
                }
            } else {
                double s = (double) (xe - xs) / dy;
                for (int d = 0; d <= dy; d++) {
                    int t = flip ? dy - d : d;
                    trace.add(new int[] {(int) (xs + s * t + .5), t + ys});
                }
            }
        }
        // where the trace steps across a column centre, a run starts or ends at the row below the crossing
        List<Long> bounds = new ArrayList<>();
        for (int j = 1; j < trace.size(); j++) {
            int[] p = trace.get(j);
            int[] q = trace.get(j - 1);
            if (p[0] == q[0]) {
                continue;
            }
            double xd = p[0] < q[0] ? p[0] : p[0] - 1;
            xd = (xd + .5) / SCALE - .5;
            if (Math.floor(xd) != xd || xd < 0 || xd > width - 1) {
                continue;
            }
            double yd = Math.min(p[1], q[1]);
            yd = (yd + .5) / SCALE - .5;
            yd = Math.ceil(Math.max(0, Math.min(height, yd)));
            bounds.add((long) xd * height + (long) yd);
        }
        bounds.add((long) height * width);
        long[] a = bounds.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        // boundaries to run lengths; an empty run between two boundaries joins its neighbours
        long prev = 0;
        for (int j = 0; j < a.length; j++) {
            long t = a[j];
            a[j] -= prev;
            prev = t;
        }
        List<Integer> runs = new ArrayList<>();
        int j = 0;
        runs.add((int) a[j++]);
        while (j < a.length) {
            if (a[j] > 0) {
                runs.add((int) a[j++]);
            } else {
                j++;
                if (j < a.length) {
                    runs.set(runs.size() - 1, runs.get(runs.size() - 1) + (int) a[j++]);
                }
            }
        }
        return new CocoRle(height, width, runs.stream().mapToInt(Integer::intValue).toArray());
    }
}
