package org.refvlm.decoder.groundingdino.internal;

import java.util.List;
import org.refvlm.api.DecodedUnit;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.support.BoxTargets;
import org.refvlm.spi.support.TargetEncoding;

/**
 * A {@link ColumnTarget} as numbers: its normalised (cx, cy, w, h) box, then one number per text
 * column, {@code 1/k} on its {@code k} columns and 0 elsewhere (so a matching cost averaged over
 * the columns is one dot product).
 */
final class ColumnTargets implements TargetEncoding {

    private final BoxTargets boxes;
    private final int columns;

    ColumnTargets(List<ImageFrame> frames, int columns) {
        this.boxes = new BoxTargets(frames);
        this.columns = columns;
    }

    @Override
    public int width() {
        return 4 + columns;
    }

    @Override
    public float[] encode(DecodedUnit target, int sample) {
        ColumnTarget t = (ColumnTarget) target;
        float[] out = new float[4 + columns];
        System.arraycopy(boxes.encode(t.box(), sample), 0, out, 0, 4);
        for (int c : t.columns()) {
            out[4 + c] = 1f / t.columns().length;
        }
        return out;
    }

    @Override
    public float[] filler() {
        float[] out = new float[4 + columns];
        System.arraycopy(boxes.filler(), 0, out, 0, 4);
        return out;
    }
}
