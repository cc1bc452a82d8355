package org.refvlm.decoder.groundingdino.internal;

import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;

/**
 * A target box with the text columns it belongs to: the query slots of its phrase group. As a
 * Grounding DINO phrase is positive on all of its tokens, a target is positive on all of its
 * group's {@code <REF>} columns.
 */
record ColumnTarget(BoxUnit box, int[] columns) implements DecodedUnit {

    @Override
    public String unit() {
        return box.unit();
    }
}
