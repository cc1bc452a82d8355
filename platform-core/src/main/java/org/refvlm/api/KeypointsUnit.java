package org.refvlm.api;

import java.util.List;

/** An instance's box and its keypoints (17 in COCO's person layout), in original-image pixels. */
public record KeypointsUnit(BoxUnit box, List<Keypoint> keypoints) implements DecodedUnit {

    public static final String UNIT = "keypoint";

    public KeypointsUnit {
        keypoints = List.copyOf(keypoints);
    }

    @Override
    public String unit() {
        return UNIT;
    }
}
