package org.refvlm.decoder.groundingdino.pretrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.io.IOException;
import java.nio.file.Path;
import org.refvlm.decoder.groundingdino.GroundingDinoDecoderConfig;
import org.refvlm.decoder.groundingdino.internal.LossWeights;
import org.refvlm.decoder.groundingdino.model.GroundingDinoConfig;

/**
 * How to pretrain a Grounding DINO from nothing on the synthetic world with text prompts (what
 * {@code grounding-dino pretrain} reads). Fields left out take the builder's defaults.
 *
 * @param detector         the detector's transformers {@code config.json}; default the REF-driven
 *                         decoder's small detector ({@link GroundingDinoDecoderConfig#smallDetector()})
 * @param imageSide        side of the padded square the detector reads; default 128
 * @param steps            optimiser steps; default 1200
 * @param batchSize        scenes (each with one caption) per step; default 8
 * @param lr               peak learning rate (AdamW, warm-up a tenth, cosine to a hundredth); default 1e-3
 * @param weightDecay      default 0.01
 * @param classWeight      focal classification weight; default 2
 * @param l1Weight         L1 box weight; default 5
 * @param giouWeight       GIoU weight; default 2
 * @param focalAlpha       default 0.25
 * @param focalGamma       default 2
 * @param seed             scenes, captions and initial weights; default 1
 * @param checkpointEvery  default 200
 */
@JsonDeserialize(builder = GroundingDinoPretrainingRecipe.Builder.class)
public record GroundingDinoPretrainingRecipe(JsonNode detector, int imageSide, long steps, int batchSize, double lr,
                                             double weightDecay, double classWeight, double l1Weight,
                                             double giouWeight, double focalAlpha, double focalGamma,
                                             long seed, long checkpointEvery) {

    public GroundingDinoPretrainingRecipe {
        if (detector == null) {
            throw new IllegalArgumentException("a Grounding DINO pretraining recipe needs 'detector' (its config.json)");
        }
        GroundingDinoConfig.fromJson(detector);                                              // names what it cannot run
        if (imageSide <= 0 || steps <= 0 || batchSize <= 0 || checkpointEvery <= 0) {
            throw new IllegalArgumentException("imageSide, steps, batchSize and checkpointEvery must be positive");
        }
        if (!(lr > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("lr must be positive and weightDecay non-negative; got " + lr + ", "
                    + weightDecay);
        }
        new LossWeights(classWeight, l1Weight, giouWeight, focalAlpha, focalGamma);          // names a bad weight
    }

    public static GroundingDinoPretrainingRecipe read(Path file) throws IOException {
        try {
            return new ObjectMapper().readValue(file.toFile(), GroundingDinoPretrainingRecipe.class);
        } catch (IOException e) {
            throw new IOException(file + " is not a valid Grounding DINO pretraining recipe: " + e.getMessage(), e);
        }
    }

    /** The detector's sizes. */
    public GroundingDinoConfig detectorConfig() {
        return GroundingDinoConfig.fromJson(detector);
    }

    LossWeights lossWeights() {
        return new LossWeights(classWeight, l1Weight, giouWeight, focalAlpha, focalGamma);
    }

    public static Builder builder() {
        return new Builder();
    }

    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private JsonNode detector = GroundingDinoDecoderConfig.smallDetector();
        private int imageSide = 128;
        private long steps = 1200;
        private int batchSize = 8;
        private double lr = 1e-3;
        private double weightDecay = 0.01;
        private double classWeight = 2;
        private double l1Weight = 5;
        private double giouWeight = 2;
        private double focalAlpha = 0.25;
        private double focalGamma = 2;
        private long seed = 1;
        private long checkpointEvery = 200;

        private Builder() {
        }

        public Builder detector(JsonNode v) {
            detector = v;
            return this;
        }

        public Builder imageSide(int v) {
            imageSide = v;
            return this;
        }

        public Builder steps(long v) {
            steps = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder lr(double v) {
            lr = v;
            return this;
        }

        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        public Builder classWeight(double v) {
            classWeight = v;
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

        public Builder focalAlpha(double v) {
            focalAlpha = v;
            return this;
        }

        public Builder focalGamma(double v) {
            focalGamma = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder checkpointEvery(long v) {
            checkpointEvery = v;
            return this;
        }

        public GroundingDinoPretrainingRecipe build() {
            return new GroundingDinoPretrainingRecipe(detector, imageSide, steps, batchSize, lr, weightDecay,
                    classWeight, l1Weight, giouWeight, focalAlpha, focalGamma, seed, checkpointEvery);
        }
    }
}
