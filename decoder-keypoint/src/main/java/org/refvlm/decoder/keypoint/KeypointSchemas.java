package org.refvlm.decoder.keypoint;

import java.util.ArrayList;
import java.util.List;

/**
 * The keypoint schemas a keypoint decoder knows by default: COCO's person and one schema per shape
 * of refvlm's synthetic world ({@code synth-<kind>}).
 *
 * <p>The synthetic schemas are written out here because a decoder bundle does not depend on the
 * data bundle; their names, order and counts are those of {@code org.refvlm.data.synth.ShapeKind}
 * (this module's tests compare the two). Their sigma is {@link #SYNTHETIC_SIGMA} for every point,
 * the value the keypoint evaluation ({@code KeypointScorer}) scores them with, so that training
 * optimises the OKS the evaluation measures.
 */
public final class KeypointSchemas {

    /**
     * The sigma of every synthetic keypoint: 0.072, the value the keypoint evaluation uses, a
     * little above the mean of COCO's 17 (0.067), between COCO's elbows and wrists. A shape's corners
     * are drawn exactly, so no annotator spread argues for a value per keypoint; one value keeps the
     * corners, tips and centre equally important.
     */
    public static final double SYNTHETIC_SIGMA = 0.072;

    /** COCO's 17 person keypoints in COCO's order, with COCO's sigmas ({@code cocoeval.py}'s table / 10). */
    public static final KeypointSchema COCO_PERSON = new KeypointSchema("coco-person",
            List.of("nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
                    "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip",
                    "left_knee", "right_knee", "left_ankle", "right_ankle"),
            List.of(.026, .025, .025, .035, .035, .079, .079, .072, .072, .062, .062, .107, .107, .087, .087, .089, .089));

    public static final KeypointSchema SYNTH_CIRCLE = synthetic("circle", "centre", "top", "right", "bottom", "left");
    public static final KeypointSchema SYNTH_SQUARE = synthetic("square",
            "centre", "top left", "top right", "bottom right", "bottom left");
    public static final KeypointSchema SYNTH_TRIANGLE = synthetic("triangle", "centre", "apex", "bottom right", "bottom left");
    public static final KeypointSchema SYNTH_STAR = synthetic("star",
            "centre", "top tip", "upper right tip", "lower right tip", "lower left tip", "upper left tip");
    public static final KeypointSchema SYNTH_DIAMOND = synthetic("diamond", "centre", "top", "right", "bottom", "left");
    public static final KeypointSchema SYNTH_HEXAGON = synthetic("hexagon",
            "centre", "top", "upper right", "lower right", "bottom", "lower left", "upper left");
    public static final KeypointSchema SYNTH_CROSS = synthetic("cross", "centre", "top arm", "right arm", "bottom arm", "left arm");

    private KeypointSchemas() {
    }

    /** The seven synthetic shapes' schemas, in {@code ShapeKind}'s order. */
    public static List<KeypointSchema> synthetic() {
        return List.of(SYNTH_CIRCLE, SYNTH_SQUARE, SYNTH_TRIANGLE, SYNTH_STAR, SYNTH_DIAMOND, SYNTH_HEXAGON, SYNTH_CROSS);
    }

    /** What a decoder knows unless its config says otherwise: COCO's person, then the synthetic shapes. */
    public static List<KeypointSchema> defaults() {
        List<KeypointSchema> all = new ArrayList<>();
        all.add(COCO_PERSON);
        all.addAll(synthetic());
        return List.copyOf(all);
    }

    private static KeypointSchema synthetic(String kind, String... names) {
        return KeypointSchema.uniform("synth-" + kind, List.of(names), SYNTHETIC_SIGMA);
    }
}
