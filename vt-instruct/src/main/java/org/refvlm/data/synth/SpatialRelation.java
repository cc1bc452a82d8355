package org.refvlm.data.synth;

import org.refvlm.data.Box;

import java.util.ArrayList;
import java.util.List;

/**
 * Relations between two objects of a scene, judged from their visible boxes and distances so that they agree
 * with what the picture shows: a relation holds only when it is clear (boxes separated along that axis).
 */
public enum SpatialRelation {
    LEFT_OF("to the left of"),
    RIGHT_OF("to the right of"),
    ABOVE("above"),
    BELOW("below"),
    IN_FRONT_OF("in front of"),
    BEHIND("behind");

    private final String words;

    SpatialRelation(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    /** Every relation that clearly holds from a to b. */
    public static List<SpatialRelation> between(Scene scene, int a, int b) {
        List<SpatialRelation> out = new ArrayList<>();
        Box ba = scene.boxes().get(a), bb = scene.boxes().get(b);
        if (ba.x1() <= bb.x0()) {
            out.add(LEFT_OF);
        }
        if (bb.x1() <= ba.x0()) {
            out.add(RIGHT_OF);
        }
        if (ba.y1() <= bb.y0()) {
            out.add(ABOVE);
        }
        if (bb.y1() <= ba.y0()) {
            out.add(BELOW);
        }
        if (scene.occludes(a, b)) {
            out.add(IN_FRONT_OF);
        }
        if (scene.occludes(b, a)) {
            out.add(BEHIND);
        }
        return out;
    }
}
