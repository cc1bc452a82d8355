package org.refvlm.core.matching;

import ai.djl.ndarray.NDArray;
import org.refvlm.nn.Scalars;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;

/**
 * Box geometry on tensors, batched over any leading dimensions. Boxes are {@code [..., 4]}:
 * {@code (x0, y0, x1, y1)} corners or {@code (cx, cy, w, h)} centres, as each method says.
 */
public final class BoxOps {

    private BoxOps() {
    }

    /** {@code (cx, cy, w, h) -> (x0, y0, x1, y1)}, {@code [..., 4]}. */
    public static NDArray centreToCorners(NDArray boxes) {
        NDArray c = boxes.get(new NDIndex("..., :2"));
        NDArray half = Scalars.div(boxes.get(new NDIndex("..., 2:")), 2);
        return NDArrays.concat(new NDList(c.sub(half), c.add(half)), -1);
    }

    /** {@code (x0, y0, x1, y1) -> (cx, cy, w, h)}, {@code [..., 4]}. */
    public static NDArray cornersToCentre(NDArray boxes) {
        NDArray p0 = boxes.get(new NDIndex("..., :2"));
        NDArray p1 = boxes.get(new NDIndex("..., 2:"));
        return NDArrays.concat(new NDList(Scalars.div(p0.add(p1), 2), p1.sub(p0)), -1);
    }

    private static NDArray area(NDArray xyxy) { // [..., 4] -> [...]
        NDArray wh = xyxy.get(new NDIndex("..., 2:")).sub(xyxy.get(new NDIndex("..., :2")));
        return wh.get(new NDIndex("..., 0")).mul(wh.get(new NDIndex("..., 1")));
    }

    /** Pairwise IoU of corner boxes: {@code a [..., N, 4]}, {@code b [..., M, 4]} -> {@code [..., N, M]}. */
    public static NDArray iou(NDArray a, NDArray b) {
        NDList iu = intersectionAndUnion(a, b);
        return iu.get(0).div(iu.get(1));
    }

    /** [intersection, union], each [..., N, M] */
    private static NDList intersectionAndUnion(NDArray a, NDArray b) {
        NDArray ea = a.expandDims(-2);                                           // [..., N, 1, 4]
        NDArray eb = b.expandDims(-3);                                           // [..., 1, M, 4]
        NDArray lo = NDArrays.maximum(ea.get(new NDIndex("..., :2")), eb.get(new NDIndex("..., :2")));
        NDArray hi = NDArrays.minimum(ea.get(new NDIndex("..., 2:")), eb.get(new NDIndex("..., 2:")));
        NDArray wh = hi.sub(lo).clip(0, Float.MAX_VALUE);                        // [..., N, M, 2]
        NDArray inter = wh.get(new NDIndex("..., 0")).mul(wh.get(new NDIndex("..., 1")));
        NDArray union = area(a).expandDims(-1).add(area(b).expandDims(-2)).sub(inter);
        return new NDList(inter, union);
    }

    /**
     * Pairwise generalized IoU of corner boxes: IoU minus the share of the enclosing box that
     * neither covers. {@code a [..., N, 4]}, {@code b [..., M, 4]} -> {@code [..., N, M]}, in [-1, 1].
     */
    public static NDArray generalizedIou(NDArray a, NDArray b) {
        NDList iu = intersectionAndUnion(a, b);
        NDArray inter = iu.get(0), union = iu.get(1);
        NDArray ea = a.expandDims(-2), eb = b.expandDims(-3);
        NDArray lo = NDArrays.minimum(ea.get(new NDIndex("..., :2")), eb.get(new NDIndex("..., :2")));
        NDArray hi = NDArrays.maximum(ea.get(new NDIndex("..., 2:")), eb.get(new NDIndex("..., 2:")));
        NDArray wh = hi.sub(lo).clip(0, Float.MAX_VALUE);
        NDArray enclosing = wh.get(new NDIndex("..., 0")).mul(wh.get(new NDIndex("..., 1")));
        return inter.div(union).sub(enclosing.sub(union).div(enclosing));
    }

    /** Pairwise L1 distance: {@code [..., N, D]}, {@code [..., M, D]} -> {@code [..., N, M]}. */
    public static NDArray l1Distance(NDArray a, NDArray b) {
        return a.expandDims(-2).sub(b.expandDims(-3)).abs().sum(new int[] {-1});
    }
}
