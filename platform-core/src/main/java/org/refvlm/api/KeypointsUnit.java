package org.refvlm.api;

import java.util.List;
import java.util.Objects;

/**
 * An instance's box and its keypoints in original-image pixels, in the order of the keypoint
 * schema it follows ({@code coco-person}: 17 keypoints nose to right ankle; {@code synth-hexagon}:
 * the centre and six corners). The box's score is the decoder's confidence in the whole instance,
 * what keypoint evaluations rank detections by.
 *
 * @param box       the instance's box, with its confidence when the decoder gives one
 * @param keypoints one per keypoint of the schema, in the schema's order
 * @param schema    the keypoint schema's name, or {@link #NO_SCHEMA} when it is not known
 */
public record KeypointsUnit(BoxUnit box, List<Keypoint> keypoints, String schema) implements DecodedUnit {

    public static final String UNIT = "keypoint";

    /** The schema of a keypoint set whose schema is not known; {@link #hasSchema()} is false. */
    public static final String NO_SCHEMA = "";

    public KeypointsUnit {
        Objects.requireNonNull(box, "a keypoint set needs its box");
        Objects.requireNonNull(schema, "keypoint schema (NO_SCHEMA when unknown)");
        keypoints = List.copyOf(keypoints);
    }

    /** A keypoint set of no named schema. */
    public KeypointsUnit(BoxUnit box, List<Keypoint> keypoints) {
        this(box, keypoints, NO_SCHEMA);
    }

    /** Whether the keypoint set names its schema. */
    public boolean hasSchema() {
        return !schema.isEmpty();
    }

    @Override
    public String unit() {
        return UNIT;
    }
}
