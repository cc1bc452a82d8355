package org.refvlm.spi;

import java.util.List;

/**
 * The names of the feature maps the platform hands decoders ({@link DecoderSpec#featureLevels()},
 * {@link DecoderInput#features()}), each {@code [B, C, H, W]} on the padded square:
 * <ul>
 * <li>{@link #VIT}: the CLIP ViT's patch tokens laid out on their grid (24x24 for ViT-L/14 at 336);</li>
 * <li>{@link #STRIDE4} ... {@link #STRIDE32}: the stages of the pyramid encoder (CLIP ConvNeXt), at
 * 1/4 ... 1/32 of the pyramid encoder's input side.</li>
 * </ul>
 * A model without a pyramid encoder offers {@link #VIT} only.
 */
public final class FeatureLevels {

    public static final String VIT = "vit";
    public static final String STRIDE4 = "stride4";
    public static final String STRIDE8 = "stride8";
    public static final String STRIDE16 = "stride16";
    public static final String STRIDE32 = "stride32";

    /** Every name, ViT first, then the pyramid finest first. */
    public static final List<String> ALL = List.of(VIT, STRIDE4, STRIDE8, STRIDE16, STRIDE32);

    private FeatureLevels() {
    }

    /** The pyramid level of stage {@code i} (0 = finest, stride 4). */
    public static String pyramidStage(int i) {
        if (i < 0 || i > 3) {
            throw new IllegalArgumentException("pyramid stages are 0 to 3 (stride 4 to 32), got " + i);
        }
        return "stride" + (4 << i);
    }
}
