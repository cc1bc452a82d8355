package org.refvlm.data.synth;

import org.refvlm.data.BinaryMask;
import org.refvlm.data.Box;
import org.refvlm.data.Keypoint;
import org.refvlm.data.KeypointSet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Places and renders the objects of one scene. Everything follows from the seed. Placement is by rejection:
 * a new object is kept only if every object, old and new, still shows at least {@value #MIN_VISIBLE} of its
 * silhouette, so occlusion happens often but never hides a thing the answers talk about.
 */
public final class SceneGenerator {
    static final double MIN_VISIBLE = 0.55;
    private static final int ATTEMPTS = 40;
    /** The back wall runs from this distance at the top of the image ... */
    static final double WALL_FAR = 12.0;
    /** ... to this one at the bottom; objects stand between 1 and 5 metres, always in front of it. */
    static final double WALL_NEAR = 6.0;

    private final SceneConfig config;

    public SceneGenerator(SceneConfig config) {
        this.config = config;
    }

    public Scene generate(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int s = config.size();
        int n = config.minObjects() + rnd.nextInt(config.maxObjects() - config.minObjects() + 1);
        List<SceneObject> objects = new ArrayList<>();
        List<ObjectRaster> rasters = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                SceneObject o = randomObject(rnd, s, k == 1 ? objects.get(0).kind() : null);
                ObjectRaster r = ObjectRaster.of(o, s, s);
                objects.add(o);
                rasters.add(r);
                if (allVisibleEnough(objects, rasters, s)) {
                    break;
                }
                objects.remove(objects.size() - 1);
                rasters.remove(rasters.size() - 1);
            }
        }
        return render(seed, rnd, objects, rasters);
    }

    private static SceneObject randomObject(SplittableRandom rnd, int s, ShapeKind avoid) {
        ShapeKind[] kinds = ShapeKind.values();
        ShapeKind kind;
        do {
            kind = kinds[rnd.nextInt(kinds.length)];
        } while (kind == avoid);
        ColourName colour = ColourName.values()[rnd.nextInt(ColourName.values().length)];
        Texture texture = Texture.values()[rnd.nextInt(Texture.values().length)];
        SizeClass size = SizeClass.values()[rnd.nextInt(SizeClass.values().length)];
        double radius = s * (size.minFraction() + rnd.nextDouble() * (size.maxFraction() - size.minFraction()));
        double margin = radius + 1;
        double cx = margin + rnd.nextDouble() * (s - 2 * margin);
        double cy = margin + rnd.nextDouble() * (s - 2 * margin);
        double distance = 1.0 + rnd.nextDouble() * 4.0;
        return new SceneObject(kind, colour, texture, size, cx, cy, radius, distance);
    }

    /** Drawing order: far to near, ties broken by index so the order is total. */
    private static int[] drawOrder(List<SceneObject> objects) {
        Integer[] idx = new Integer[objects.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, Comparator.<Integer>comparingDouble(i -> -objects.get(i).distance()).thenComparingInt(i -> i));
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    private static int[] labelMap(List<SceneObject> objects, List<ObjectRaster> rasters, int s) {
        int[] labels = new int[s * s];
        java.util.Arrays.fill(labels, -1);
        for (int i : drawOrder(objects)) {
            ObjectRaster r = rasters.get(i);
            for (int y = 0; y < r.h(); y++) {
                int row = (r.y0() + y) * s + r.x0();
                for (int x = 0; x < r.w(); x++) {
                    if (r.pixels()[y * r.w() + x]) {
                        labels[row + x] = i;
                    }
                }
            }
        }
        return labels;
    }

    private static int[] visibleCounts(int[] labels, int objects) {
        int[] counts = new int[objects];
        for (int l : labels) {
            if (l >= 0) {
                counts[l]++;
            }
        }
        return counts;
    }

    /**
     * Visibility check without drawing the whole picture: for each object, count the pixels of its silhouette
     * not covered by a nearer object. Only objects whose windows overlap are compared, so this costs about the
     * summed silhouette area, which matters because placement tries it many times per scene.
     */
    private static boolean allVisibleEnough(List<SceneObject> objects, List<ObjectRaster> rasters, int s) {
        int n = objects.size();
        for (int i = 0; i < n; i++) {
            ObjectRaster r = rasters.get(i);
            if (r.area() < 12) {
                return false;
            }
            List<ObjectRaster> nearer = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j != i && inFront(objects, j, i) && overlap(r, rasters.get(j))) {
                    nearer.add(rasters.get(j));
                }
            }
            if (nearer.isEmpty()) {
                continue;
            }
            int visible = 0;
            for (int y = 0; y < r.h(); y++) {
                for (int x = 0; x < r.w(); x++) {
                    if (r.pixels()[y * r.w() + x] && !covered(nearer, r.x0() + x, r.y0() + y)) {
                        visible++;
                    }
                }
            }
            if (visible < MIN_VISIBLE * r.area()) {
                return false;
            }
        }
        return true;
    }

    /** True if object j is drawn after object i (nearer, or equally near with a higher index). */
    private static boolean inFront(List<SceneObject> objects, int j, int i) {
        double dj = objects.get(j).distance(), di = objects.get(i).distance();
        return dj < di || (dj == di && j > i);
    }

    private static boolean overlap(ObjectRaster a, ObjectRaster b) {
        return a.x0() < b.x0() + b.w() && b.x0() < a.x0() + a.w() && a.y0() < b.y0() + b.h() && b.y0() < a.y0() + a.h();
    }

    private static boolean covered(List<ObjectRaster> rasters, int x, int y) {
        for (ObjectRaster o : rasters) {
            int lx = x - o.x0(), ly = y - o.y0();
            if (lx >= 0 && ly >= 0 && lx < o.w() && ly < o.h() && o.pixels()[ly * o.w() + lx]) {
                return true;
            }
        }
        return false;
    }

    private Scene render(long seed, SplittableRandom rnd, List<SceneObject> objects, List<ObjectRaster> rasters) {
        int s = config.size();
        int[] labels = labelMap(objects, rasters, s);
        int[] counts = visibleCounts(labels, objects.size());
        int[] rgb = new int[s * s];
        float[] depth = new float[s * s];
        // a wall lit from above: a light tone at the top fading to a darker one at the bottom
        int top = 0xC8 + rnd.nextInt(0x28), bottom = top - 0x30 - rnd.nextInt(0x20);
        int tint = rnd.nextInt(3);
        int[] rowColour = new int[s];
        float[] rowDepth = new float[s];
        for (int y = 0; y < s; y++) {
            double t = y / (double) (s - 1);
            int v = (int) Math.round(top + (bottom - top) * t);
            int r = v, g = v, b = v;
            if (tint == 1) {
                b = Math.min(255, v + 14);
            } else if (tint == 2) {
                r = Math.min(255, v + 12);
            }
            rowColour[y] = (r << 16) | (g << 8) | b;
            rowDepth[y] = (float) (WALL_FAR + (WALL_NEAR - WALL_FAR) * t);
        }
        for (int y = 0; y < s; y++) {
            java.util.Arrays.fill(rgb, y * s, (y + 1) * s, rowColour[y]);
            java.util.Arrays.fill(depth, y * s, (y + 1) * s, rowDepth[y]);
        }
        // objects are painted only inside their windows, which is where all their pixels are: most of a
        // picture is wall, so this is much cheaper than visiting every pixel per object
        List<BinaryMask> masks = new ArrayList<>();
        List<Box> boxes = new ArrayList<>();
        List<KeypointSet> keypoints = new ArrayList<>();
        double[] visibleFraction = new double[objects.size()];
        for (int i = 0; i < objects.size(); i++) {
            SceneObject o = objects.get(i);
            boolean[] px = new boolean[s * s];
            int minX = s, minY = s, maxX = -1, maxY = -1;
            ObjectRaster r = rasters.get(i);
            float distance = (float) o.distance();
            for (int y = r.y0(); y < r.y0() + r.h(); y++) {
                for (int x = r.x0(); x < r.x0() + r.w(); x++) {
                    int p = y * s + x;
                    if (labels[p] != i) {
                        continue;
                    }
                    px[p] = true;
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                    depth[p] = distance;
                    boolean edge = x == 0 || y == 0 || x == s - 1 || y == s - 1
                            || labels[p - 1] != i || labels[p - s] != i || labels[p + 1] != i || labels[p + s] != i;
                    int c = surface(o, x, y);
                    rgb[p] = edge ? darken(c) : c;
                }
            }
            masks.add(new BinaryMask(s, s, px));
            boxes.add(new Box(minX, minY, maxX + 1, maxY + 1));
            keypoints.add(keypoints(o, i, labels, s));
            visibleFraction[i] = counts[i] / (double) r.area();
        }
        return new Scene(s, s, seed, objects, labels, rgb, depth, masks, boxes, keypoints, visibleFraction);
    }

    /** Colour of an object's surface at a pixel, with its texture. */
    private static int surface(SceneObject o, int x, int y) {
        int base = o.colour().rgb();
        switch (o.texture()) {
            case STRIPED -> {
                int period = Math.max(3, (int) Math.round(o.radius() / 3));
                return ((x + y) / period) % 2 == 0 ? base : o.colour().accent();
            }
            case DOTTED -> {
                int period = Math.max(4, (int) Math.round(o.radius() / 2.2));
                double dx = Math.floorMod((int) Math.round(x - o.cx()), period) - period / 2.0;
                double dy = Math.floorMod((int) Math.round(y - o.cy()), period) - period / 2.0;
                double rad = period * 0.3;
                return dx * dx + dy * dy <= rad * rad ? o.colour().accent() : base;
            }
            default -> {
                return base;
            }
        }
    }

    private static int darken(int rgb) {
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        return ((r * 3 / 5) << 16) | ((g * 3 / 5) << 8) | (b * 3 / 5);
    }

    /**
     * Keypoints with COCO visibility: 2 if the object is what one sees at the point (tested a little inside the
     * outline, since vertices lie on the boundary), 1 if a nearer object hides it, 0 if it falls outside.
     */
    private static KeypointSet keypoints(SceneObject o, int index, int[] labels, int s) {
        double[][] pts = o.kind().keypoints(o.cx(), o.cy(), o.radius());
        List<Keypoint> list = new ArrayList<>(pts.length);
        for (double[] p : pts) {
            double x = p[0], y = p[1];
            if (x < 0 || y < 0 || x >= s || y >= s) {
                list.add(new Keypoint(0, 0, Keypoint.NOT_LABELLED));
                continue;
            }
            double dx = o.cx() - x, dy = o.cy() - y, len = Math.hypot(dx, dy);
            double step = len < 1e-9 ? 0 : Math.min(1, Math.max(2.0, o.radius() * 0.12) / len);
            int tx = (int) Math.floor(x + dx * step), ty = (int) Math.floor(y + dy * step);
            tx = Math.max(0, Math.min(s - 1, tx));
            ty = Math.max(0, Math.min(s - 1, ty));
            int v = labels[ty * s + tx] == index ? Keypoint.VISIBLE : Keypoint.OCCLUDED;
            list.add(new Keypoint(Math.round(x * 100) / 100.0, Math.round(y * 100) / 100.0, v));
        }
        return new KeypointSet(o.kind().schema(), list);
    }
}
