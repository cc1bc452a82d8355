package org.refvlm.data;

import java.util.List;
import org.refvlm.api.CocoRle;

/**
 * Everything a sample's answers may refer to. Answers point into these lists by index (see
 * {@link PhraseGroup#refs()}), so one list entry can serve several turns and several units.
 */
public record Targets(List<Box> boxes, List<CocoRle> masks, List<Point> points, List<KeypointSet> keypoints,
                      List<DepthMapRef> depthMaps) {
    public static final Targets NONE = new Targets(List.of(), List.of(), List.of(), List.of(), List.of());

    public Targets {
        boxes = List.copyOf(boxes);
        masks = List.copyOf(masks);
        points = List.copyOf(points);
        keypoints = List.copyOf(keypoints);
        depthMaps = List.copyOf(depthMaps);
    }

    /** How many targets exist for a unit, i.e. the valid index range of {@code refs} for that unit. */
    public int count(Unit unit) {
        return switch (unit) {
            case BOX -> boxes.size();
            case MASK -> masks.size();
            case KEYPOINT -> keypoints.size();
            case DEPTH -> depthMaps.size();
        };
    }

    public boolean isEmpty() {
        return boxes.isEmpty() && masks.isEmpty() && points.isEmpty() && keypoints.isEmpty() && depthMaps.isEmpty();
    }
}
