package org.refvlm.spi.support;

import java.util.List;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.spi.ImageFrame;

/**
 * Box targets for matching and loss: each {@link BoxUnit} (original pixels) as normalised
 * {@code (cx, cy, w, h)} on its sample's padded square.
 */
public final class BoxTargets implements TargetEncoding {

    /** A harmless box for padded target cells: keeps the padded costs finite (they are never read). */
    private static final float[] FILLER = {0.5f, 0.5f, 1f, 1f};

    private final List<ImageFrame> frames;

    /** @param frames per sample of the batch, its padded square */
    public BoxTargets(List<ImageFrame> frames) {
        this.frames = List.copyOf(frames);
    }

    @Override
    public int width() {
        return 4;
    }

    @Override
    public float[] encode(DecodedUnit target, int sample) {
        if (!(target instanceof BoxUnit box)) {
            throw new IllegalArgumentException("a box decoder needs box targets, got a '" + target.unit() + "'");
        }
        return frames.get(sample).normalisedBox(box);
    }

    @Override
    public float[] filler() {
        return FILLER.clone();
    }
}
