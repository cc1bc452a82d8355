package org.refvlm.core.pipeline;

/**
 * How a model's inputs are prepared, as it was trained: a per-model setting in its folder
 * ({@code model.json} "preprocessing"), because weights trained one way read inputs prepared
 * another way wrongly.
 *
 * <table>
 * <caption>Settings and their values</caption>
 * <tr><th>setting</th><th>shapes-tiny ({@link #SHAPES_TINY}, the default)</th><th>REF-VLM's reference ({@link #REFERENCE})</th></tr>
 * <tr><td>placement</td><td>{@code top-left}: the picture at the top-left of its padded square</td>
 *     <td>{@code centre}: centred, {@code (side - short) / 2} on the short axis (expand2square)</td></tr>
 * <tr><td>resize</td><td>{@code bilinear}: the float square, PyTorch's antialiased bilinear (what DJL's
 *     {@code interpolation} runs)</td>
 *     <td>{@code clip-bicubic}: the 8-bit square (padding {@code int(255 * mean)}) through CLIPImageProcessor's
 *     antialiased bicubic, then normalised; the same for the ConvNeXt input at its own side</td></tr>
 * <tr><td>bos</td><td>{@code false}: the prompt starts with the template's first token</td>
 *     <td>{@code true}: the tokenizer's BOS token first, as the reference's encode does for every turn</td></tr>
 * </table>
 * The reference's system preamble and task-command layout belong to the prompt template
 * ({@code model.json} "template"); see docs/training.md for its text.
 *
 * @param placement {@code top-left} or {@code centre}
 * @param resize    {@code bilinear} or {@code clip-bicubic}
 * @param bos       whether the prompt starts with the BOS token
 */
public record Preprocessing(String placement, String resize, boolean bos) {

    public static final String TOP_LEFT = "top-left";
    public static final String CENTRE = "centre";
    public static final String BILINEAR = "bilinear";
    public static final String CLIP_BICUBIC = "clip-bicubic";

    /** What shapes-tiny was trained with; the default for a model folder that says nothing. */
    public static final Preprocessing SHAPES_TINY = new Preprocessing(TOP_LEFT, BILINEAR, false);

    /** What REF-VLM's reference implementation does, for weights trained with it. */
    public static final Preprocessing REFERENCE = new Preprocessing(CENTRE, CLIP_BICUBIC, true);

    public Preprocessing {
        placement = placement == null ? TOP_LEFT : placement;
        resize = resize == null ? BILINEAR : resize;
        if (!placement.equals(TOP_LEFT) && !placement.equals(CENTRE)) {
            throw new IllegalArgumentException("placement must be '" + TOP_LEFT + "' or '" + CENTRE + "', got '"
                    + placement + "'");
        }
        if (!resize.equals(BILINEAR) && !resize.equals(CLIP_BICUBIC)) {
            throw new IllegalArgumentException("resize must be '" + BILINEAR + "' or '" + CLIP_BICUBIC + "', got '"
                    + resize + "'");
        }
    }

    public boolean centred() {
        return placement.equals(CENTRE);
    }

    public boolean clipResize() {
        return resize.equals(CLIP_BICUBIC);
    }
}
