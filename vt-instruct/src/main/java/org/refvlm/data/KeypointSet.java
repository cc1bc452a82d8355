package org.refvlm.data;

import java.util.List;
import java.util.Objects;

/**
 * The keypoints of one instance. The schema names the fixed keypoint list (for example {@code coco-person}
 * with 17 points, or {@code synth-star}); the order of points follows the schema.
 */
public record KeypointSet(String schema, List<Keypoint> points) {
    public KeypointSet {
        Objects.requireNonNull(schema, "schema");
        points = List.copyOf(points);
    }

    public long labelledCount() {
        return points.stream().filter(Keypoint::labelled).count();
    }
}
