package org.refvlm.decoder.keypoint.internal;

import ai.djl.ndarray.NDArray;
import org.refvlm.nn.Scalars;

/**
 * Object keypoint similarity as COCO defines it ({@code cocoeval.py}'s {@code computeOks}), as a
 * differentiable function of the predicted points: per keypoint
 * {@code exp(-d^2 / (2 * area * (2 sigma)^2))}, averaged over the target's labelled keypoints
 * (visibility 1 or 2). A target with no labelled keypoint has OKS 0 here (COCO ignores such
 * targets; callers mask them out).
 *
 * <p>REF-VLM's reference "OKS loss" divides by {@code 2 sigma^2 area} instead of
 * {@code 2 (2 sigma)^2 area} and returns the mean distance rather than OKS; this is COCO's.
 */
public final class Oks {

    private Oks() {
    }

    /**
     * All arguments broadcast against each other on their leading axes.
     *
     * @param predicted [..., K, 2] predicted (x, y)
     * @param truth     [..., K, 2] true (x, y), in the same units
     * @param labelled  [..., K] 1 where the truth is labelled, else 0
     * @param sigmas    [..., K] per keypoint sigma
     * @param area      [...] the object's area, in the units of x and y squared
     * @return [...] OKS in [0, 1]
     */
    public static NDArray of(NDArray predicted, NDArray truth, NDArray labelled, NDArray sigmas, NDArray area) {
        NDArray squared = predicted.sub(truth).square().sum(new int[] {-1});              // [..., K]
        NDArray scale = Scalars.mul(sigmas.square().mul(area.expandDims(-1)), 8);         // 2 (2 sigma)^2 area, [..., K]
        NDArray similarity = squared.div(scale).neg().exp().mul(labelled);                // [..., K]
        NDArray count = labelled.sum(new int[] {-1}).maximum(1f);                         // [...]
        return similarity.sum(new int[] {-1}).div(count);                                 // [...]
    }
}
