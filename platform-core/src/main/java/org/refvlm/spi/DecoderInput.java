package org.refvlm.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;

/**
 * One batch handed to a decoder by the latent embeddings router.
 *
 * @param queries   the {@code <REF>} embeddings, padded per sample: {@code [B, L, D]}
 * @param queryMask which of them are real: {@code [B, L]}, boolean
 * @param features  the feature maps the decoder asked for by name ({@link FeatureLevels}), each
 *                  {@code [B, C, H, W]}
 * @param frames    per sample, where its image sits in the padded square
 * @param images    per sample, the picture itself, when the decoder's spec
 *                  {@linkplain DecoderSpec#needsImage() needs it}; empty otherwise
 * @param squares   by side, the batch's padded squares on [0, 1] that the platform already made on
 *                  the device for its encoders, each {@code [B, 3, side, side]}; decoders read
 *                  them through {@link #pictures(int)}, which makes any other side from
 *                  {@code images}. May be empty.
 */
public record DecoderInput(NDArray queries, NDArray queryMask, Map<String, NDArray> features, List<ImageFrame> frames,
                           List<DecoderImage> images, Map<Integer, NDArray> squares) {

    public DecoderInput {
        features = Map.copyOf(features);
        frames = List.copyOf(frames);
        images = List.copyOf(images);
        squares = Map.copyOf(squares);
        long batch = queries.getShape().get(0);
        if (queries.getShape().dimension() != 3 || !queryMask.getShape().equals(queries.getShape().slice(0, 2))) {
            throw new IllegalArgumentException("queries must be [B, L, D] and queryMask [B, L]; got "
                    + queries.getShape() + " and " + queryMask.getShape());
        }
        if (frames.size() != batch) {
            throw new IllegalArgumentException("batch of " + batch + " samples but " + frames.size() + " image frames");
        }
        if (!images.isEmpty() && images.size() != batch) {
            throw new IllegalArgumentException("batch of " + batch + " samples but " + images.size() + " images");
        }
        for (int b = 0; b < images.size(); b++) {
            if (!images.get(b).frame().equals(frames.get(b))) {
                throw new IllegalArgumentException("sample " + b + ": image " + images.get(b).frame()
                        + " does not match its frame " + frames.get(b));
            }
        }
        for (Map.Entry<Integer, NDArray> e : squares.entrySet()) {
            int side = e.getKey();
            if (!e.getValue().getShape().equals(new Shape(batch, 3, side, side))) {
                throw new IllegalArgumentException("the padded squares at side " + side + " must be [" + batch + ", 3, "
                        + side + ", " + side + "], got " + e.getValue().getShape());
            }
        }
    }

    /** A batch whose decoder makes its own pictures from {@code images} (none made ahead). */
    public DecoderInput(NDArray queries, NDArray queryMask, Map<String, NDArray> features, List<ImageFrame> frames,
            List<DecoderImage> images) {
        this(queries, queryMask, features, frames, images, Map.of());
    }

    /** A batch without images, for decoders that read feature maps only. */
    public DecoderInput(NDArray queries, NDArray queryMask, Map<String, NDArray> features, List<ImageFrame> frames) {
        this(queries, queryMask, features, frames, List.of(), Map.of());
    }

    public int batchSize() {
        return frames.size();
    }

    /** Query slots per sample ({@code L}). */
    public int queryLength() {
        return (int) queries.getShape().get(1);
    }

    /** Which slots of which sample hold real queries (read from {@link #queryMask} once). */
    public RealQueries realQueries() {
        return RealQueries.of(queryMask.toType(DataType.BOOLEAN, false).toBooleanArray(), batchSize(), queryLength());
    }

    /**
     * Checks that every target group refers to a sample of this batch and to distinct real query
     * slots of it, as the platform's routers make them; a decoder's {@code loss} calls it first so
     * a caller's mistake is named instead of training on padding.
     *
     * @throws IllegalArgumentException naming the group and the problem
     */
    public void checkTargets(List<TargetGroup> groups) {
        RealQueries real = realQueries();
        for (int i = 0; i < groups.size(); i++) {
            TargetGroup g = groups.get(i);
            g.check(i, batchSize(), queryLength());
            for (int q : g.queries()) {
                if (!real.isReal(g.batchIndex(), q)) {
                    throw new IllegalArgumentException("target group " + i + " names query " + q + " of sample "
                            + g.batchIndex() + ", which is not a real query");
                }
            }
        }
    }

    /**
     * The feature map {@code level} as {@code [B, channels, H, W]}.
     *
     * @throws IllegalArgumentException naming the level when it is missing or has another shape
     */
    public NDArray feature(String level, long channels) {
        NDArray f = features.get(level);
        if (f == null) {
            throw new IllegalArgumentException("feature map '" + level + "' is missing from the decoder input (it has "
                    + features.keySet().stream().sorted().toList() + ")");
        }
        if (f.getShape().dimension() != 4 || f.getShape().get(0) != batchSize() || f.getShape().get(1) != channels) {
            throw new IllegalArgumentException("feature map '" + level + "' must be [" + batchSize() + ", " + channels
                    + ", H, W], got " + f.getShape());
        }
        return f;
    }

    /**
     * The picture of sample {@code b}.
     *
     * @throws IllegalStateException when the batch carries no images (the decoder's spec does not ask for them)
     */
    public DecoderImage image(int b) {
        if (images.isEmpty()) {
            throw new IllegalStateException("this decoder input carries no images: declare needsImage in the DecoderSpec");
        }
        return images.get(b);
    }

    /**
     * The batch's padded squares on [0, 1], bilinearly resized to {@code side}: the array the
     * platform already made for its encoders when it made that side (a training step makes the
     * sides its encoders read from the prefetched squares, so a decoder that reads pixels costs
     * no second copy and resize), else made here from {@link #images} on the queries' manager.
     * Either way every image is bit for bit {@link DecoderImage#paddedSquares}. The array belongs
     * to the batch: read it, do not close it.
     *
     * @return {@code [B, 3, side, side]}
     * @throws IllegalStateException when the batch carries no images and no squares at that side
     */
    public NDArray pictures(int side) {
        NDArray made = squares.get(side);
        if (made != null) {
            return made;
        }
        if (images.isEmpty()) {
            throw new IllegalStateException("this decoder input carries no images: declare needsImage in the DecoderSpec");
        }
        return DecoderImage.paddedSquares(images, queries.getManager(), side);
    }
}
