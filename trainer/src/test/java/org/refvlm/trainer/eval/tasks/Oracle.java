package org.refvlm.trainer.eval.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DepthMap;
import org.refvlm.api.DepthUnit;
import org.refvlm.api.Keypoint;
import org.refvlm.api.KeypointsUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Response;
import org.refvlm.data.Box;
import org.refvlm.data.KeypointSet;
import org.refvlm.data.PhraseGroup;
import org.refvlm.data.Targets;
import org.refvlm.data.Unit;

/** A perfect model: the expected answer, every reference decoded to its own target. */
final class Oracle {

    private Oracle() {
    }

    static Response answer(TurnItem item) {
        List<ReferredObject> objects = new ArrayList<>();
        Targets t = item.sample().targets();
        for (PhraseGroup g : item.turn().groups()) {
            Unit unit = g.units().get(g.units().size() - 1);
            List<Integer> refs = g.refs().get(unit);
            for (int j = 0; j < refs.size(); j++) {
                int i = refs.get(j);
                objects.add(ReferredObject.decoded(g.phrase(), j, switch (unit) {
                    case BOX -> box(t.boxes().get(i));
                    case MASK -> new MaskUnit(t.masks().get(i), 1.0);
                    case KEYPOINT -> keypoints(t.keypoints().get(i), t.boxes().get(i));
                    case DEPTH -> depth(item);
                }));
            }
        }
        return new Response(item.turn().answer(), objects, List.of());
    }

    private static BoxUnit box(Box b) {
        return new BoxUnit(b.x0(), b.y0(), b.x1(), b.y1(), 1.0);
    }

    private static KeypointsUnit keypoints(KeypointSet k, Box b) {
        List<Keypoint> points = new ArrayList<>();
        for (org.refvlm.data.Keypoint p : k.points()) {
            points.add(new Keypoint("k", p.x(), p.y(), p.visibility(), 1.0));
        }
        return new KeypointsUnit(box(b), points, k.schema());
    }

    private static DepthUnit depth(TurnItem item) {
        try {
            double[][] d = DepthScorer.read(item.folder().resolve(item.sample().targets().depthMaps().get(0).path()),
                    item.sample().targets().depthMaps().get(0).unitsPerMetre());
            float[] v = new float[d.length * d[0].length];
            for (int y = 0; y < d.length; y++) {
                for (int x = 0; x < d[0].length; x++) {
                    v[y * d[0].length + x] = (float) d[y][x];
                }
            }
            return new DepthUnit(new DepthMap(d[0].length, d.length, v));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
