package org.refvlm.spi.support;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.api.CocoRle;
import org.refvlm.api.MaskUnit;
import org.refvlm.nn.Resize;
import org.refvlm.spi.ImageFrame;

/**
 * Turns one sample's mask logits on the padded square into masks of its original image: the logits are bilinearly
 * resized to the padded square ({@code side x side}), of which only the image's
 * {@code height x width} region (where its frame places it) is computed (the rest is padding), then thresholded (logit 0 is
 * probability 0.5). The score is the mean probability inside the mask (0 for an empty mask).
 */
public final class MaskDecoding {

    private MaskDecoding() {
    }

    /**
     * @param logits    [Q, h, w] logits of the sample's real queries
     * @param threshold the logit a pixel must exceed to be in the mask
     * @return one mask per query, in order
     */
    public static List<MaskUnit> toMasks(NDArray logits, ImageFrame frame, double threshold) {
        int q = (int) logits.getShape().get(0);
        int height = frame.height(), width = frame.width(), side = frame.side();
        List<MaskUnit> out = new ArrayList<>(q);
        if (q == 0) {
            return out;
        }
        float[] crop = Resize.bilinearCrop(logits, side, side, frame.offsetY(), frame.offsetX(), height, width)
                .toFloatArray();                                                              // [Q, height, width]
        int pixels = height * width;
        for (int i = 0; i < q; i++) {
            boolean[] mask = new boolean[pixels];
            double probabilitySum = 0;
            int area = 0;
            for (int k = 0; k < pixels; k++) {
                float logit = crop[i * pixels + k];
                if (logit > threshold) {
                    mask[k] = true;
                    probabilitySum += 1 / (1 + Math.exp(-logit));
                    area++;
                }
            }
            double score = area == 0 ? 0 : probabilitySum / area;
            out.add(new MaskUnit(CocoRle.encode(mask, height, width), score));
        }
        return out;
    }
}
