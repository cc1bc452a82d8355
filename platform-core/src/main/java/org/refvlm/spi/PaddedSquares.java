package org.refvlm.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch's {@link DecoderImage#paddedSquare padded squares} on the host, before any resizing:
 * plain Java work a background thread can do while the previous batch computes, written into
 * native memory the engine reads without another copy (a CPU tensor is made on it). On the device
 * they are copied once and resized to every side asked for (the encoders read the same pictures
 * at different sides); the bilinear resize treats each image and channel on its own, so every
 * image comes out bit for bit as it would alone.
 */
public final class PaddedSquares {

    /** Images with the same square side, in batch order: one native buffer each group. */
    private record Group(int square, int count, ByteBuffer values) {
    }

    private final List<Group> groups;

    private PaddedSquares(List<Group> groups) {
        this.groups = groups;
    }

    /** The padded squares of {@code images}, in order (consecutive images of one size share an array). */
    public static PaddedSquares of(List<DecoderImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images");
        }
        List<Group> groups = new ArrayList<>();
        int from = 0;
        while (from < images.size()) {
            int square = images.get(from).squareSide();
            int to = from;
            while (to < images.size() && images.get(to).squareSide() == square) {
                to++;
            }
            int plane = 3 * square * square;
            float[] values = new float[(to - from) * plane];
            for (int i = from; i < to; i++) {
                images.get(i).writeSquare(values, (i - from) * plane);
            }
            ByteBuffer direct = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder());
            direct.asFloatBuffer().put(values);
            groups.add(new Group(square, to - from, direct));
            from = to;
        }
        return new PaddedSquares(List.copyOf(groups));
    }

    /** Number of images. */
    public int size() {
        return groups.stream().mapToInt(Group::count).sum();
    }

    /**
     * @param sides the sides to resize to
     * @return per side, {@code [B, 3, side, side]} FLOAT32 on {@code manager}, RGB on [0, 1]
     */
    public List<NDArray> resized(NDManager manager, int... sides) {
        List<NDList> perSide = new ArrayList<>();
        for (int i = 0; i < sides.length; i++) {
            perSide.add(new NDList());
        }
        for (Group g : groups) {
            NDArray square01 = manager.create(g.values().duplicate(), new Shape(g.count(), 3, g.square(), g.square()),
                    DataType.FLOAT32);                                                        // [n, 3, S, S]
            for (int i = 0; i < sides.length; i++) {
                NDArray resized = g.square() == sides[i] ? square01
                        : square01.getNDArrayInternal().interpolation(new long[] {sides[i], sides[i]}, 1, false); // bilinear
                perSide.get(i).add(resized.toType(DataType.FLOAT32, false));
            }
        }
        List<NDArray> out = new ArrayList<>();
        for (NDList l : perSide) {
            out.add(l.size() == 1 ? l.get(0) : NDArrays.concat(l, 0));
        }
        return out;
    }
}
