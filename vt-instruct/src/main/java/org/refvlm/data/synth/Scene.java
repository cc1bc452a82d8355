package org.refvlm.data.synth;

import org.refvlm.api.CocoRle;
import org.refvlm.api.RgbImage;
import org.refvlm.data.BinaryMask;
import org.refvlm.data.Box;
import org.refvlm.data.KeypointSet;

import java.util.ArrayList;
import java.util.List;

/**
 * A rendered synthetic scene and everything known about it. Object i of {@link #objects()} owns index i of the
 * visible masks, boxes and keypoint sets, and label value i in {@link #labels()}.
 */
public final class Scene {
    private final int width;
    private final int height;
    private final long seed;
    private final List<SceneObject> objects;
    private final int[] labels;
    private final int[] rgb;
    private final float[] depth;
    private final List<BinaryMask> visibleMasks;
    private final List<Box> boxes;
    private final List<KeypointSet> keypoints;
    private final double[] visibleFraction;
    private List<CocoRle> rleMasks;

    Scene(int width, int height, long seed, List<SceneObject> objects, int[] labels, int[] rgb, float[] depth,
          List<BinaryMask> visibleMasks, List<Box> boxes, List<KeypointSet> keypoints, double[] visibleFraction) {
        this.width = width;
        this.height = height;
        this.seed = seed;
        this.objects = List.copyOf(objects);
        this.labels = labels;
        this.rgb = rgb;
        this.depth = depth;
        this.visibleMasks = List.copyOf(visibleMasks);
        this.boxes = List.copyOf(boxes);
        this.keypoints = List.copyOf(keypoints);
        this.visibleFraction = visibleFraction;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public long seed() {
        return seed;
    }

    public List<SceneObject> objects() {
        return objects;
    }

    /** Per pixel (row-major) the index of the object seen there, or -1 for background. */
    public int[] labels() {
        return labels;
    }

    /** Per pixel 0xRRGGBB. */
    public int[] rgb() {
        return rgb;
    }

    /** The scene as a picture (8-bit RGB), what a model reads. */
    public RgbImage picture() {
        byte[] bytes = new byte[width * height * 3];
        for (int i = 0; i < rgb.length; i++) {
            bytes[3 * i] = (byte) (rgb[i] >> 16);
            bytes[3 * i + 1] = (byte) (rgb[i] >> 8);
            bytes[3 * i + 2] = (byte) rgb[i];
        }
        return new RgbImage(width, height, bytes);
    }

    /** Per pixel distance in metres. */
    public float[] depth() {
        return depth;
    }

    public List<BinaryMask> visibleMasks() {
        return visibleMasks;
    }

    /** Boxes of the visible parts, as COCO boxes are. */
    public List<Box> boxes() {
        return boxes;
    }

    public List<KeypointSet> keypoints() {
        return keypoints;
    }

    /** Share of each object's silhouette that is not hidden by nearer objects. */
    public double visibleFraction(int object) {
        return visibleFraction[object];
    }

    /** Visible masks as RLE, computed once per scene because every sample of the scene carries them. */
    public synchronized List<CocoRle> rleMasks() {
        if (rleMasks == null) {
            List<CocoRle> l = new ArrayList<>(visibleMasks.size());
            for (int i = 0; i < visibleMasks.size(); i++) {
                Box b = boxes.get(i);
                l.add(visibleMasks.get(i).toRle((int) b.x0(), (int) b.y0(), (int) b.x1(), (int) b.y1()));
            }
            rleMasks = List.copyOf(l);
        }
        return rleMasks;
    }

    /** True if object a hides part of object b. */
    public boolean occludes(int a, int b) {
        SceneObject oa = objects.get(a), ob = objects.get(b);
        if (oa.distance() >= ob.distance()) {
            return false;
        }
        Box ba = boxes.get(a), bb = boxes.get(b);
        return ba.x0() < bb.x1() && bb.x0() < ba.x1() && ba.y0() < bb.y1() && bb.y0() < ba.y1() && visibleFraction[b] < 0.999;
    }
}
