package org.refvlm.decoder.sam;

import java.util.List;
import org.refvlm.spi.FeatureLevels;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import org.refvlm.decoder.sam.model.SamConfig;

/**
 * The SAM mask decoder's options: LISA's and REF-VLM's SAM plug, in which each {@code <REF>}
 * embedding passes a projection MLP ({@code D -> projectionHidden -> C}, ReLU) into SAM's prompt
 * width and becomes the one sparse prompt token of a single-mask SAM call. A decoder folder's
 * {@code config.json} and a recipe's decoder {@code "config"} are this record as JSON; fields left
 * out take the builder's defaults.
 *
 * @param queryInputDim      width D of the {@code <REF>} embeddings; required
 * @param numQueries         most references per image; default 8
 * @param sam                SAM's own sizes (Hugging Face's {@code SamConfig} layout); required unless
 *                           {@code samFrom} names a folder, whose {@code config.json} then gives them
 * @param samFrom            a Hugging Face SAM folder ({@code config.json}, {@code model.safetensors})
 *                           whose weights a fresh decoder starts from (e.g. {@code facebook/sam-vit-base});
 *                           a saved decoder folder holds every weight itself and never names it
 * @param projectionHidden   hidden width of the projection MLP; default D (LISA's 4096 -> 4096 -> 256)
 * @param trainImageEncoder  whether SAM's image encoder trains too; default false (LISA and REF-VLM freeze it)
 * @param trainPromptEncoder whether SAM's prompt encoder (and the shared position matrix) trains; default false
 * @param loss               {@code focal-dice} (REF-VLM's reference: focal x maskWeight + dice x diceWeight,
 *                           weights 20 and 1) or {@code bce-dice} (LISA's: BCE x 2 + dice x 0.5); default focal-dice
 * @param maskWeight         weight of the focal or BCE term; default 20 (focal-dice) or 2 (bce-dice)
 * @param diceWeight         weight of the dice term; default 1 (focal-dice) or 0.5 (bce-dice)
 * @param areaTargets        targets on SAM's low-resolution grid are each cell's mask coverage
 *                           ({@code MaskGrid.coverage}) instead of the nearest pixel; default true
 * @param maskThreshold      logit above which a pixel belongs to the decoded mask; default 0 (SAM's)
 * @param denseLevels        the platform's feature maps ({@code FeatureLevels}, e.g. {@code stride8}) that
 *                           enter SAM as a dense prompt: each through its own 1x1 projection to SAM's
 *                           prompt width, resized to SAM's grid and added to the no-mask embedding;
 *                           default none (SAM alone, as LISA and the reference)
 * @param denseDims          each dense level's channels, in the same order
 */
@JsonDeserialize(builder = SamDecoderConfig.Builder.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SamDecoderConfig(int queryInputDim, int numQueries, SamConfig sam, String samFrom,
                               int projectionHidden, boolean trainImageEncoder, boolean trainPromptEncoder,
                               String loss, double maskWeight, double diceWeight, boolean areaTargets,
                               double maskThreshold, List<String> denseLevels, List<Integer> denseDims) {

    /** REF-VLM's reference loss and LISA's. */
    public static final String FOCAL_DICE = "focal-dice", BCE_DICE = "bce-dice";

    public SamDecoderConfig {
        if (queryInputDim <= 0 || numQueries <= 0 || projectionHidden <= 0) {
            throw new IllegalArgumentException("sizes must be positive: queryInputDim " + queryInputDim
                    + ", numQueries " + numQueries + ", projectionHidden " + projectionHidden);
        }
        if (sam == null && samFrom == null) {
            throw new IllegalArgumentException("a SAM decoder needs 'sam' (SAM's config) or 'samFrom' (a SAM folder)");
        }
        if (!FOCAL_DICE.equals(loss) && !BCE_DICE.equals(loss)) {
            throw new IllegalArgumentException("loss must be '" + FOCAL_DICE + "' or '" + BCE_DICE + "', got '" + loss
                    + "'");
        }
        denseLevels = denseLevels == null ? List.of() : List.copyOf(denseLevels);
        denseDims = denseDims == null ? List.of() : List.copyOf(denseDims);
        if (denseLevels.size() != denseDims.size() || denseDims.stream().anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("denseLevels " + denseLevels + " need one positive channel count each in"
                    + " denseDims, got " + denseDims);
        }
        if (!FeatureLevels.ALL.containsAll(denseLevels)) {
            throw new IllegalArgumentException("denseLevels " + denseLevels + " must be among " + FeatureLevels.ALL);
        }
        if (!(maskWeight >= 0 && diceWeight >= 0)) {
            throw new IllegalArgumentException("loss weights must be non-negative, got " + maskWeight + " and "
                    + diceWeight);
        }
    }

    /** This config with SAM's sizes resolved and no source folder: what a saved decoder folder holds. */
    public SamDecoderConfig resolved(SamConfig samConfig) {
        return new SamDecoderConfig(queryInputDim, numQueries, samConfig, null, projectionHidden, trainImageEncoder,
                trainPromptEncoder, loss, maskWeight, diceWeight, areaTargets, maskThreshold, denseLevels, denseDims);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named fields with defaults; also what reads {@code config.json}. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private int queryInputDim;
        private int numQueries = 8;
        private SamConfig sam;
        private String samFrom;
        private Integer projectionHidden;
        private boolean trainImageEncoder;
        private boolean trainPromptEncoder;
        private String loss = FOCAL_DICE;
        private Double maskWeight;
        private Double diceWeight;
        private boolean areaTargets = true;
        private double maskThreshold;
        private List<String> denseLevels = List.of();
        private List<Integer> denseDims = List.of();

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

        public Builder sam(SamConfig v) {
            sam = v;
            return this;
        }

        public Builder samFrom(String v) {
            samFrom = v;
            return this;
        }

        public Builder projectionHidden(int v) {
            projectionHidden = v;
            return this;
        }

        public Builder trainImageEncoder(boolean v) {
            trainImageEncoder = v;
            return this;
        }

        public Builder trainPromptEncoder(boolean v) {
            trainPromptEncoder = v;
            return this;
        }

        public Builder loss(String v) {
            loss = v;
            return this;
        }

        public Builder maskWeight(double v) {
            maskWeight = v;
            return this;
        }

        public Builder diceWeight(double v) {
            diceWeight = v;
            return this;
        }

        public Builder areaTargets(boolean v) {
            areaTargets = v;
            return this;
        }

        public Builder maskThreshold(double v) {
            maskThreshold = v;
            return this;
        }

        public Builder denseLevels(List<String> v) {
            denseLevels = v;
            return this;
        }

        public Builder denseDims(List<Integer> v) {
            denseDims = v;
            return this;
        }

        /** @throws IllegalArgumentException naming what is missing or inconsistent */
        public SamDecoderConfig build() {
            boolean lisa = BCE_DICE.equals(loss);
            return new SamDecoderConfig(queryInputDim, numQueries, sam, samFrom,
                    projectionHidden != null ? projectionHidden : queryInputDim, trainImageEncoder, trainPromptEncoder,
                    loss, maskWeight != null ? maskWeight : lisa ? 2 : 20, diceWeight != null ? diceWeight : lisa ? 0.5 : 1,
                    areaTargets, maskThreshold, denseLevels, denseDims);
        }
    }
}
