package org.refvlm.data.synth;

import java.util.List;

/**
 * The kinds of object the synthetic world draws. Each kind has an outline (a polygon around a centre with a
 * radius) and a fixed, named list of keypoints: its corners or tips, the points where a round shape meets the
 * compass directions, and the centre. Shapes are drawn upright so that "top" always means top.
 */
public enum ShapeKind {
    CIRCLE("circle", "circles", List.of("centre", "top", "right", "bottom", "left")),
    SQUARE("square", "squares", List.of("centre", "top left", "top right", "bottom right", "bottom left")),
    TRIANGLE("triangle", "triangles", List.of("centre", "apex", "bottom right", "bottom left")),
    STAR("star", "stars", List.of("centre", "top tip", "upper right tip", "lower right tip", "lower left tip", "upper left tip")),
    DIAMOND("diamond", "diamonds", List.of("centre", "top", "right", "bottom", "left")),
    HEXAGON("hexagon", "hexagons", List.of("centre", "top", "upper right", "lower right", "bottom", "lower left", "upper left")),
    CROSS("cross", "crosses", List.of("centre", "top arm", "right arm", "bottom arm", "left arm"));

    private final String noun;
    private final String plural;
    private final List<String> keypointNames;

    ShapeKind(String noun, String plural, List<String> keypointNames) {
        this.noun = noun;
        this.plural = plural;
        this.keypointNames = keypointNames;
    }

    public String noun() {
        return noun;
    }

    public String plural() {
        return plural;
    }

    /** Names of the keypoints, in the order {@link #keypoints} returns them. */
    public List<String> keypointNames() {
        return keypointNames;
    }

    /** The keypoint schema id written in samples. */
    public String schema() {
        return "synth-" + noun;
    }

    /** Outline polygon as {xs, ys}. */
    public double[][] outline(double cx, double cy, double r) {
        return switch (this) {
            case CIRCLE -> regular(cx, cy, r, 48, 0);
            case SQUARE -> {
                double h = r * 0.85;
                yield new double[][]{{cx - h, cx + h, cx + h, cx - h}, {cy - h, cy - h, cy + h, cy + h}};
            }
            case TRIANGLE -> {
                double[][] t = triangleVertices(cx, cy, r);
                yield t;
            }
            case STAR -> {
                double[] xs = new double[10], ys = new double[10];
                for (int i = 0; i < 10; i++) {
                    double rr = i % 2 == 0 ? r : r * 0.45;
                    double a = -Math.PI / 2 + i * Math.PI / 5;
                    xs[i] = cx + rr * Math.cos(a);
                    ys[i] = cy + rr * Math.sin(a);
                }
                yield new double[][]{xs, ys};
            }
            case DIAMOND -> new double[][]{{cx, cx + r * 0.8, cx, cx - r * 0.8}, {cy - r, cy, cy + r, cy}};
            case HEXAGON -> regular(cx, cy, r, 6, -Math.PI / 2);
            case CROSS -> {
                double a = r, b = r * 0.33;
                yield new double[][]{
                        {cx - b, cx + b, cx + b, cx + a, cx + a, cx + b, cx + b, cx - b, cx - b, cx - a, cx - a, cx - b},
                        {cy - a, cy - a, cy - b, cy - b, cy + b, cy + b, cy + a, cy + a, cy + b, cy + b, cy - b, cy - b}};
            }
        };
    }

    /** Keypoint positions as {x, y} pairs, in the order of {@link #keypointNames()}. */
    public double[][] keypoints(double cx, double cy, double r) {
        return switch (this) {
            case CIRCLE -> new double[][]{{cx, cy}, {cx, cy - r}, {cx + r, cy}, {cx, cy + r}, {cx - r, cy}};
            case SQUARE -> {
                double h = r * 0.85;
                yield new double[][]{{cx, cy}, {cx - h, cy - h}, {cx + h, cy - h}, {cx + h, cy + h}, {cx - h, cy + h}};
            }
            case TRIANGLE -> {
                double[][] t = triangleVertices(cx, cy, r);
                yield new double[][]{{cx, cy}, {t[0][0], t[1][0]}, {t[0][1], t[1][1]}, {t[0][2], t[1][2]}};
            }
            case STAR -> {
                double[][] k = new double[6][];
                k[0] = new double[]{cx, cy};
                for (int i = 0; i < 5; i++) {
                    double a = -Math.PI / 2 + i * 2 * Math.PI / 5;
                    k[i + 1] = new double[]{cx + r * Math.cos(a), cy + r * Math.sin(a)};
                }
                yield k;
            }
            case DIAMOND -> new double[][]{{cx, cy}, {cx, cy - r}, {cx + r * 0.8, cy}, {cx, cy + r}, {cx - r * 0.8, cy}};
            case HEXAGON -> {
                double[][] k = new double[7][];
                k[0] = new double[]{cx, cy};
                for (int i = 0; i < 6; i++) {
                    double a = -Math.PI / 2 + i * Math.PI / 3;
                    k[i + 1] = new double[]{cx + r * Math.cos(a), cy + r * Math.sin(a)};
                }
                yield k;
            }
            case CROSS -> new double[][]{{cx, cy}, {cx, cy - r}, {cx + r, cy}, {cx, cy + r}, {cx - r, cy}};
        };
    }

    /** Apex, bottom right, bottom left of an upright triangle whose centroid is the centre. */
    private static double[][] triangleVertices(double cx, double cy, double r) {
        double dx = r * Math.sqrt(3) / 2;
        return new double[][]{{cx, cx + dx, cx - dx}, {cy - r, cy + r / 2, cy + r / 2}};
    }

    private static double[][] regular(double cx, double cy, double r, int n, double start) {
        double[] xs = new double[n], ys = new double[n];
        for (int i = 0; i < n; i++) {
            double a = start + i * 2 * Math.PI / n;
            xs[i] = cx + r * Math.cos(a);
            ys[i] = cy + r * Math.sin(a);
        }
        return new double[][]{xs, ys};
    }
}
