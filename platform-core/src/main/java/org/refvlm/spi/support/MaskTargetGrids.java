package org.refvlm.spi.support;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.spi.ImageFrame;

/**
 * Mask targets of a batch on a decoder's {@code h x w} logits grid over the padded square, and
 * which cells lie in each sample's real image, as a mask loss and its matching cost read them;
 * each target and each sample's valid cells are rastered once per loss.
 *
 * <p>{@code areaTargets}: a cell's target is the share of it the mask covers ({@link MaskGrid#coverage}),
 * which is where bilinear decoding reads a cell's value; otherwise the mask's nearest pixel
 * ({@link MaskGrid#nearest}), as the reference resizes targets.
 */
public final class MaskTargetGrids implements TargetEncoding {

    private final List<ImageFrame> frames;
    private final int h;
    private final int w;
    private final boolean areaTargets;
    private final String decoder;
    private final Map<Integer, float[]> validBySample = new HashMap<>();
    private final Map<DecodedUnit, float[]> targets = new IdentityHashMap<>();

    /**
     * @param frames      per sample, where its image sits in the padded square
     * @param decoder     the decoder's name for the error a non-mask target gets
     */
    public MaskTargetGrids(List<ImageFrame> frames, int h, int w, boolean areaTargets, String decoder) {
        this.frames = frames;
        this.h = h;
        this.w = w;
        this.areaTargets = areaTargets;
        this.decoder = decoder;
    }

    @Override
    public int width() {
        return h * w;
    }

    /** [h * w] the target of a mask of sample {@code sample}. */
    @Override
    public float[] encode(DecodedUnit target, int sample) {
        if (!(target instanceof MaskUnit mask)) {
            throw new IllegalArgumentException("the " + decoder + " needs mask targets, got a '" + target.unit() + "'");
        }
        ImageFrame frame = frames.get(sample);
        return targets.computeIfAbsent(target, t -> areaTargets ? MaskGrid.coverage(mask.mask(), frame, h, w)
                : MaskGrid.nearest(mask.mask(), frame, h, w));
    }

    /** [h * w]: 1 for the cells of sample {@code b}'s grid that lie in its real image, else 0. */
    public float[] valid(int b) {
        return validBySample.computeIfAbsent(b, s -> areaTargets
                ? MaskGrid.coverageValid(frames.get(s), h, w) : MaskGrid.nearestValid(frames.get(s), h, w));
    }
}
