package org.refvlm.decoder.sam.pretrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.io.IOException;
import java.nio.file.Path;
import org.refvlm.decoder.sam.model.SamConfig;

/**
 * How to pretrain a SAM from nothing on the synthetic world (what {@code refvlm:sam-pretrain}
 * reads): SAM's sizes and the optimisation. Fields left out take the builder's defaults.
 *
 * @param sam              SAM's sizes, Hugging Face's layout; required
 * @param steps            optimiser steps; default 2000
 * @param batchSize        scenes per step; default 8
 * @param promptsPerImage  prompts (objects) per scene and step; default 4
 * @param boxFraction      share of prompts that are boxes, the rest one positive point; default 0.5
 * @param phrasePromptsPerImage further prompts per scene and step that name their object in words
 *                         (its unique referring expression as one token: a learnt mean of word
 *                         embeddings, as SAM's text-to-mask experiment prompted with CLIP's text
 *                         embedding), so the image encoder learns what tells objects apart, which
 *                         a REF prompt needs; 0 (the default) trains SAM's geometric prompts only
 * @param sceneSize        side of the synthetic scenes in pixels; default 256 (the world's)
 * @param lr               peak learning rate (AdamW, warm-up a tenth, cosine to a hundredth); default 1e-3
 * @param weightDecay      default 0.01
 * @param focalWeight      weight of the focal term (SAM's 20); default 20
 * @param diceWeight       weight of the dice term; default 1
 * @param iouWeight        weight of the IoU head's squared error; default 1
 * @param seed             scenes, prompts and initial weights; default 1
 * @param checkpointEvery  default 500
 */
@JsonDeserialize(builder = SamPretrainingRecipe.Builder.class)
public record SamPretrainingRecipe(SamConfig sam, long steps, int batchSize, int promptsPerImage, double boxFraction,
                                  int phrasePromptsPerImage, int sceneSize, double lr, double weightDecay, double focalWeight, double diceWeight,
                                  double iouWeight, long seed, long checkpointEvery) {

    public SamPretrainingRecipe {
        if (sam == null) {
            throw new IllegalArgumentException("a SAM pretraining recipe needs 'sam' (SAM's config)");
        }
        if (steps <= 0 || batchSize <= 0 || promptsPerImage <= 0 || sceneSize <= 0 || checkpointEvery <= 0) {
            throw new IllegalArgumentException("steps, batchSize, promptsPerImage, sceneSize and checkpointEvery must"
                    + " be positive");
        }
        if (phrasePromptsPerImage < 0) {
            throw new IllegalArgumentException("phrasePromptsPerImage must be 0 or more, got " + phrasePromptsPerImage);
        }
        if (!(boxFraction >= 0 && boxFraction <= 1)) {
            throw new IllegalArgumentException("boxFraction must be on [0, 1], got " + boxFraction);
        }
    }

    public static SamPretrainingRecipe read(Path file) throws IOException {
        try {
            return new ObjectMapper().readValue(file.toFile(), SamPretrainingRecipe.class);
        } catch (IOException e) {
            throw new IOException(file + " is not a valid SAM pretraining recipe: " + e.getMessage(), e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private SamConfig sam;
        private long steps = 2000;
        private int batchSize = 8;
        private int promptsPerImage = 4;
        private double boxFraction = 0.5;
        private int phrasePromptsPerImage = 0;
        private int sceneSize = 256;
        private double lr = 1e-3;
        private double weightDecay = 0.01;
        private double focalWeight = 20;
        private double diceWeight = 1;
        private double iouWeight = 1;
        private long seed = 1;
        private long checkpointEvery = 500;

        private Builder() {
        }

        public Builder sam(SamConfig v) {
            sam = v;
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

        public Builder promptsPerImage(int v) {
            promptsPerImage = v;
            return this;
        }

        public Builder boxFraction(double v) {
            boxFraction = v;
            return this;
        }

        public Builder phrasePromptsPerImage(int v) {
            phrasePromptsPerImage = v;
            return this;
        }

        public Builder sceneSize(int v) {
            sceneSize = v;
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

        public Builder focalWeight(double v) {
            focalWeight = v;
            return this;
        }

        public Builder diceWeight(double v) {
            diceWeight = v;
            return this;
        }

        public Builder iouWeight(double v) {
            iouWeight = v;
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

        public SamPretrainingRecipe build() {
            return new SamPretrainingRecipe(sam, steps, batchSize, promptsPerImage, boxFraction, phrasePromptsPerImage,
                    sceneSize, lr,
                    weightDecay, focalWeight, diceWeight, iouWeight, seed, checkpointEvery);
        }
    }
}
