package org.refvlm.decoder.keypoint;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sizes, keypoint schemas and loss weights of the keypoint decoder ({@link KeypointDecoder}). Build
 * one with {@link #builder()}, which starts from REF-VLM's stage-3 values ({@link #reference()}),
 * and change what differs; a decoder folder's {@code config.json} and a recipe's decoder
 * {@code "config"} are this record as JSON, fields left out take the same defaults, and an unknown
 * field is an error naming it.
 *
 * <p>Every {@code <REF>} becomes {@code 1 + K} queries, {@code K} = {@link #maxKeypoints()}: the
 * most keypoints any schema has. An instance of a schema with fewer keypoints uses the first slots.
 *
 * @param queryInputDim    width of the {@code <REF>} embeddings (the LLM's hidden size); default 4096
 * @param numQueries       query length L the router pads to; default 100
 * @param featureLevels    pyramid levels read, finest first; each is projected and resized to the
 *                         first one's grid; default stride8, stride16, stride32
 * @param featureDims      channels of those levels, in the same order; default 384, 768, 1536 (ConvNeXt-L)
 * @param schemas          the keypoint schemas the decoder tells apart; default {@link KeypointSchemas#defaults()}
 * @param dModel           transformer width; default 256
 * @param layers           decoder layers; default 6
 * @param heads            attention heads; default 8
 * @param ffnDim           feed-forward width; default 2048
 * @param dropout          dropout in training; default 0.1
 * @param boxL1Weight      weight of the L1 box loss and matching cost; default 5
 * @param giouWeight       weight of the generalized-IoU loss and matching cost; default 2
 * @param oksWeight        weight of the {@code 1 - OKS} loss and matching cost; default 2
 * @param keypointL1Weight weight of the L1 loss on labelled keypoints; default 2
 * @param visibilityWeight weight of the visibility cross-entropy; default 1
 * @param schemaWeight     weight of the schema cross-entropy; default 1
 * @param scoreWeight      weight of the instance-score cross-entropy; default 1
 * @param alignWeight      weight of the grounding map's loss (DETR's {@code alignWeight}: each
 *                         instance scores the memory cells, the scores bias every query of the
 *                         instance's cross-attention and are trained towards the matched box);
 *                         0 (default) leaves the decoder without a map, as REF-VLM's is
 * @param boxesFromMap     whether the box head corrects the box the grounding map outlines
 *                         ({@code MapBox}) instead of predicting one from nothing; needs the map
 * @param refineMap        whether every decoder layer scores the cells again from the instance
 *                         query's new state; needs the map
 * @param pointRefineSide  side of the square at which a point refiner reads the picture around
 *                         every predicted keypoint and moves it ({@code PointRefiner}; the decoder
 *                         then asks for the image); 0 (default) leaves the points as the heads give them
 * @param pointRefineDim   channels of the refiner's edge features; default 16
 * @param pointRefineWindow samples per side of the window the refiner reads around a point; default 5
 * @param pointRefineReach the first window's half-extent, and the farthest its step moves a point,
 *                         in sizes of the instance's box; default 0.25
 * @param pointRefineSteps refinement steps, each from where the last left the point, with its own
 *                         weights and a window half as wide; default 1
 * @param pointRefineScore whether the instance score also reads the picture around the refined
 *                         points ({@code PointRefiner}: a correction to its logit, trained as the
 *                         score is, towards the points' own OKS); needs the refiner; default false
 */
@JsonDeserialize(builder = KeypointDecoderConfig.Builder.class)
public record KeypointDecoderConfig(
        int queryInputDim, int numQueries, List<String> featureLevels, List<Integer> featureDims,
        List<KeypointSchema> schemas, int dModel, int layers, int heads, int ffnDim, double dropout,
        double boxL1Weight, double giouWeight, double oksWeight, double keypointL1Weight, double visibilityWeight,
        double schemaWeight, double scoreWeight, double alignWeight, boolean boxesFromMap, boolean refineMap,
        int pointRefineSide, int pointRefineDim, int pointRefineWindow, double pointRefineReach,
        int pointRefineSteps, boolean pointRefineScore) {

    public KeypointDecoderConfig {
        featureLevels = List.copyOf(featureLevels);
        featureDims = List.copyOf(featureDims);
        schemas = List.copyOf(schemas);
        if (featureLevels.size() != featureDims.size() || featureLevels.isEmpty()) {
            throw new IllegalArgumentException("featureLevels and featureDims must be non-empty and of equal length, got "
                    + featureLevels + " and " + featureDims);
        }
        for (int dim : featureDims) {
            if (dim <= 0) {
                throw new IllegalArgumentException("feature channels must be positive, got " + featureDims);
            }
        }
        if (queryInputDim <= 0 || numQueries <= 0 || dModel <= 0 || layers <= 0 || heads <= 0 || ffnDim <= 0) {
            throw new IllegalArgumentException("sizes must be positive: queryInputDim " + queryInputDim
                    + ", numQueries " + numQueries + ", dModel " + dModel + ", layers " + layers + ", heads " + heads
                    + ", ffnDim " + ffnDim);
        }
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " is not divisible by heads " + heads);
        }
        // The 2-D sine encoding gives each axis dModel/2 channels as interleaved (sin, cos) pairs.
        if (dModel % 4 != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " must be a multiple of 4 for the 2-D sine encoding");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (schemas.isEmpty()) {
            throw new IllegalArgumentException("a keypoint decoder needs at least one keypoint schema");
        }
        Set<String> names = new HashSet<>();
        for (KeypointSchema s : schemas) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("keypoint schema '" + s.name() + "' is listed twice");
            }
        }
        double[] weights = {boxL1Weight, giouWeight, oksWeight, keypointL1Weight, visibilityWeight, schemaWeight,
            scoreWeight, alignWeight};
        for (double w : weights) {
            if (!(w >= 0 && Double.isFinite(w))) {
                throw new IllegalArgumentException("loss weights must be non-negative, got boxL1 " + boxL1Weight
                        + ", giou " + giouWeight + ", oks " + oksWeight + ", keypointL1 " + keypointL1Weight
                        + ", visibility " + visibilityWeight + ", schema " + schemaWeight + ", score " + scoreWeight
                        + ", align " + alignWeight);
            }
        }
        if (boxesFromMap && alignWeight <= 0) {
            throw new IllegalArgumentException("boxesFromMap needs the grounding map: set alignWeight above 0");
        }
        if (refineMap && alignWeight <= 0) {
            throw new IllegalArgumentException("refineMap needs the grounding map: set alignWeight above 0");
        }
        if (pointRefineSide < 0) {
            throw new IllegalArgumentException("pointRefineSide must be 0 (no refiner) or positive, got " + pointRefineSide);
        }
        if (pointRefineSide > 0 && (pointRefineDim <= 0 || pointRefineWindow <= 0 || pointRefineSteps <= 0
                || !(pointRefineReach > 0 && pointRefineReach <= 1))) {
            throw new IllegalArgumentException("a point refiner needs pointRefineDim, pointRefineWindow and "
                    + "pointRefineSteps above 0 and pointRefineReach in (0, 1], got " + pointRefineDim + ", "
                    + pointRefineWindow + ", " + pointRefineSteps + " and " + pointRefineReach);
        }
        if (pointRefineScore && pointRefineSide <= 0) {
            throw new IllegalArgumentException("pointRefineScore needs the point refiner: set pointRefineSide above 0");
        }
    }

    /** Whether predicted points are moved by a {@code PointRefiner} that reads the picture ({@link #pointRefineSide} above 0). */
    @JsonIgnore
    public boolean refinesPoints() {
        return pointRefineSide > 0;
    }

    /** Whether instances score memory cells and those scores guide cross-attention ({@link #alignWeight} above 0). */
    @JsonIgnore
    public boolean grounded() {
        return alignWeight > 0;
    }

    /**
     * REF-VLM's keypoint decoder (6 layers of width 256, 100 queries, loss weights box 5, GIoU 2,
     * keypoint L1 2, OKS 2, visibility 1) knowing COCO's person and the synthetic shapes.
     */
    public static KeypointDecoderConfig reference() {
        return builder().build();
    }

    /** A builder starting from {@link #reference()}'s values. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config's values. */
    public Builder toBuilder() {
        return new Builder().queryInputDim(queryInputDim).numQueries(numQueries).featureLevels(featureLevels)
                .featureDims(featureDims).schemas(schemas).dModel(dModel).layers(layers).heads(heads).ffnDim(ffnDim)
                .dropout(dropout).boxL1Weight(boxL1Weight).giouWeight(giouWeight).oksWeight(oksWeight)
                .keypointL1Weight(keypointL1Weight).visibilityWeight(visibilityWeight).schemaWeight(schemaWeight)
                .scoreWeight(scoreWeight).alignWeight(alignWeight).boxesFromMap(boxesFromMap).refineMap(refineMap)
                .pointRefineSide(pointRefineSide).pointRefineDim(pointRefineDim).pointRefineWindow(pointRefineWindow)
                .pointRefineReach(pointRefineReach).pointRefineSteps(pointRefineSteps).pointRefineScore(pointRefineScore);
    }

    /** K: keypoint slots per instance, the most keypoints of any schema. */
    @JsonIgnore
    public int maxKeypoints() {
        int k = 0;
        for (KeypointSchema s : schemas) {
            k = Math.max(k, s.size());
        }
        return k;
    }

    /** The index of schema {@code name} in {@link #schemas()}, or -1. */
    public int schemaIndex(String name) {
        for (int i = 0; i < schemas.size(); i++) {
            if (schemas.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Named fields with REF-VLM's values as defaults; also what reads {@code config.json}. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private int queryInputDim = 4096;
        private int numQueries = 100;
        private List<String> featureLevels = List.of("stride8", "stride16", "stride32");
        private List<Integer> featureDims = List.of(384, 768, 1536);
        private List<KeypointSchema> schemas = KeypointSchemas.defaults();
        private int dModel = 256;
        private int layers = 6;
        private int heads = 8;
        private int ffnDim = 2048;
        private double dropout = 0.1;
        private double boxL1Weight = 5.0;
        private double giouWeight = 2.0;
        private double oksWeight = 2.0;
        private double keypointL1Weight = 2.0;
        private double visibilityWeight = 1.0;
        private double schemaWeight = 1.0;
        private double scoreWeight = 1.0;
        private double alignWeight;
        private boolean boxesFromMap;
        private boolean refineMap;
        private int pointRefineSide;
        private int pointRefineDim = 16;
        private int pointRefineWindow = 5;
        private double pointRefineReach = 0.25;
        private int pointRefineSteps = 1;
        private boolean pointRefineScore;

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

        public Builder featureLevels(List<String> v) {
            featureLevels = v;
            return this;
        }

        public Builder featureDims(List<Integer> v) {
            featureDims = v;
            return this;
        }

        public Builder schemas(List<KeypointSchema> v) {
            schemas = v;
            return this;
        }

        public Builder dModel(int v) {
            dModel = v;
            return this;
        }

        public Builder layers(int v) {
            layers = v;
            return this;
        }

        public Builder heads(int v) {
            heads = v;
            return this;
        }

        public Builder ffnDim(int v) {
            ffnDim = v;
            return this;
        }

        public Builder dropout(double v) {
            dropout = v;
            return this;
        }

        public Builder boxL1Weight(double v) {
            boxL1Weight = v;
            return this;
        }

        public Builder giouWeight(double v) {
            giouWeight = v;
            return this;
        }

        public Builder oksWeight(double v) {
            oksWeight = v;
            return this;
        }

        public Builder keypointL1Weight(double v) {
            keypointL1Weight = v;
            return this;
        }

        public Builder visibilityWeight(double v) {
            visibilityWeight = v;
            return this;
        }

        public Builder schemaWeight(double v) {
            schemaWeight = v;
            return this;
        }

        public Builder scoreWeight(double v) {
            scoreWeight = v;
            return this;
        }

        public Builder alignWeight(double v) {
            alignWeight = v;
            return this;
        }

        public Builder boxesFromMap(boolean v) {
            boxesFromMap = v;
            return this;
        }

        public Builder refineMap(boolean v) {
            refineMap = v;
            return this;
        }

        public Builder pointRefineSide(int v) {
            pointRefineSide = v;
            return this;
        }

        public Builder pointRefineDim(int v) {
            pointRefineDim = v;
            return this;
        }

        public Builder pointRefineWindow(int v) {
            pointRefineWindow = v;
            return this;
        }

        public Builder pointRefineReach(double v) {
            pointRefineReach = v;
            return this;
        }

        public Builder pointRefineSteps(int v) {
            pointRefineSteps = v;
            return this;
        }

        public Builder pointRefineScore(boolean v) {
            pointRefineScore = v;
            return this;
        }

        /** @throws IllegalArgumentException naming what is inconsistent */
        public KeypointDecoderConfig build() {
            return new KeypointDecoderConfig(queryInputDim, numQueries, featureLevels, featureDims, schemas, dModel,
                    layers, heads, ffnDim, dropout, boxL1Weight, giouWeight, oksWeight, keypointL1Weight,
                    visibilityWeight, schemaWeight, scoreWeight, alignWeight, boxesFromMap, refineMap, pointRefineSide,
                    pointRefineDim, pointRefineWindow, pointRefineReach, pointRefineSteps, pointRefineScore);
        }
    }
}
