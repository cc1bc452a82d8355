package org.refvlm.example.patchbox;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;

/**
 * Sizes of a patchbox decoder. A decoder folder's {@code config.json} and a recipe's decoder
 * {@code "config"} are this record as JSON; fields they leave out take the builder's defaults.
 *
 * @param queryInputDim width of the {@code <REF>} embeddings (the language model's hidden size); required
 * @param numQueries    most references per image; default 8
 * @param imageSide     side of the padded square the backbone reads; default 64
 * @param patchSize     side of a patch (the backbone's stride); divides {@code imageSide}; default 8
 * @param width         width of the patch tokens and the attention; default 64
 * @param heads         attention heads, dividing {@code width}; default 4
 * @param l1Weight      weight of the L1 box loss and matching cost; default 5 (DETR's)
 * @param giouWeight    weight of the generalized-IoU loss and matching cost; default 2 (DETR's)
 */
@JsonDeserialize(builder = PatchBoxConfig.Builder.class)
public record PatchBoxConfig(int queryInputDim, int numQueries, int imageSide, int patchSize, int width, int heads,
                             double l1Weight, double giouWeight) {

    public PatchBoxConfig {
        if (queryInputDim <= 0 || numQueries <= 0 || imageSide <= 0 || patchSize <= 0 || width <= 0 || heads <= 0) {
            throw new IllegalArgumentException("sizes must be positive: queryInputDim " + queryInputDim + ", numQueries "
                    + numQueries + ", imageSide " + imageSide + ", patchSize " + patchSize + ", width " + width
                    + ", heads " + heads);
        }
        if (imageSide % patchSize != 0) {
            throw new IllegalArgumentException("patchSize " + patchSize + " does not divide imageSide " + imageSide);
        }
        if (width % heads != 0 || width % 2 != 0) {
            throw new IllegalArgumentException("width " + width + " must be even and divisible by heads " + heads);
        }
        if (!(l1Weight >= 0 && giouWeight >= 0)) {
            throw new IllegalArgumentException("loss weights must be non-negative, got " + l1Weight + " and " + giouWeight);
        }
    }

    /** A builder; {@code queryInputDim} must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Named fields with defaults; also what reads {@code config.json}. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private int queryInputDim;
        private int numQueries = 8;
        private int imageSide = 64;
        private int patchSize = 8;
        private int width = 64;
        private int heads = 4;
        private double l1Weight = 5;
        private double giouWeight = 2;

        private Builder() {
        }

        public Builder queryInputDim(int v) {
            queryInputDim = v;
            return this;
        }

        public Builder numQueries(int v) {
            numQueries = v;
            return this;
        }

        public Builder imageSide(int v) {
            imageSide = v;
            return this;
        }

        public Builder patchSize(int v) {
            patchSize = v;
            return this;
        }

        public Builder width(int v) {
            width = v;
            return this;
        }

        public Builder heads(int v) {
            heads = v;
            return this;
        }

        public Builder l1Weight(double v) {
            l1Weight = v;
            return this;
        }

        public Builder giouWeight(double v) {
            giouWeight = v;
            return this;
        }

        /** @throws IllegalArgumentException naming what is missing or inconsistent */
        public PatchBoxConfig build() {
            return new PatchBoxConfig(queryInputDim, numQueries, imageSide, patchSize, width, heads, l1Weight, giouWeight);
        }
    }
}
