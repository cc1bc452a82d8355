package org.refvlm.trainer.eval;

/** A predicted or target region of one sample: a box or a mask, in original-image pixels. */
public sealed interface Region permits PixelBox, MaskRegion {
}
