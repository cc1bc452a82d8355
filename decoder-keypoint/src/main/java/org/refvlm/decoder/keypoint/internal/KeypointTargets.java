package org.refvlm.decoder.keypoint.internal;

import java.util.List;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.Keypoint;
import org.refvlm.api.KeypointsUnit;
import org.refvlm.decoder.keypoint.KeypointSchema;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.support.TargetEncoding;

/**
 * Keypoint targets for matching and loss: each {@link KeypointsUnit} (original pixels) as numbers
 * normalised to its sample's padded square, {@link #width()} = {@code 4 + 4K + 2} of them:
 * <pre>
 *   [0, 4)          box (cx, cy, w, h)
 *   [4 + 4j, +4)    keypoint slot j: x, y, COCO visibility (-1 for a slot its schema does not have), sigma
 *   4 + 4K          the schema's index in the decoder's list
 *   4 + 4K + 1      the object's area: the box's w * h on the square, OKS's scale
 * </pre>
 * OKS's scale in COCO is the object's segmentation area; the box's area is what every keypoint
 * target has, and it is the same measure up to the shape's fill (a triangle fills half its box), so
 * the training OKS is a little more lenient than the evaluation's for shapes that do not fill their
 * box. Distances and area are both in square units, so OKS is the same as in pixels.
 */
public final class KeypointTargets implements TargetEncoding {

    /** Visibility of a slot the target's schema does not have. */
    public static final float NOT_IN_SCHEMA = -1f;

    /** Smallest area: a degenerate box would make OKS divide by zero. */
    private static final double MIN_AREA = 1e-6;

    private final List<ImageFrame> frames;
    private final List<KeypointSchema> schemas;
    private final int slots;

    /**
     * @param frames  per sample of the batch, its padded square
     * @param schemas the decoder's schemas, in its order
     * @param slots   K, keypoint slots per instance
     */
    public KeypointTargets(List<ImageFrame> frames, List<KeypointSchema> schemas, int slots) {
        this.frames = List.copyOf(frames);
        this.schemas = List.copyOf(schemas);
        this.slots = slots;
    }

    @Override
    public int width() {
        return 4 + 4 * slots + 2;
    }

    public int schemaColumn() {
        return 4 + 4 * slots;
    }

    public int areaColumn() {
        return 4 + 4 * slots + 1;
    }

    @Override
    public float[] encode(DecodedUnit target, int sample) {
        if (!(target instanceof KeypointsUnit unit)) {
            throw new IllegalArgumentException("a keypoint decoder needs keypoint targets, got a '" + target.unit() + "'");
        }
        if (!unit.hasSchema()) {
            throw new IllegalArgumentException("a keypoint target must name its keypoint schema; this one names none");
        }
        int index = indexOf(unit.schema());
        if (index < 0) {
            throw new IllegalArgumentException("keypoint schema '" + unit.schema() + "' is not one this decoder knows ("
                    + schemas.stream().map(KeypointSchema::name).toList() + ")");
        }
        KeypointSchema schema = schemas.get(index);
        if (unit.keypoints().size() != schema.size()) {
            throw new IllegalArgumentException("keypoint schema '" + schema.name() + "' has " + schema.size()
                    + " keypoints, the target has " + unit.keypoints().size());
        }
        ImageFrame frame = frames.get(sample);
        float[] t = new float[width()];
        float[] box = frame.normalisedBox(unit.box());
        System.arraycopy(box, 0, t, 0, 4);
        for (int j = 0; j < slots; j++) {
            int at = 4 + 4 * j;
            if (j < schema.size()) {
                Keypoint p = unit.keypoints().get(j);
                t[at] = (float) ((p.x() + frame.offsetX()) / frame.side());
                t[at + 1] = (float) ((p.y() + frame.offsetY()) / frame.side());
                t[at + 2] = p.visibility();
                t[at + 3] = schema.sigmas().get(j).floatValue();
            } else {
                t[at + 2] = NOT_IN_SCHEMA;
                t[at + 3] = 1f;
            }
        }
        t[schemaColumn()] = index;
        t[areaColumn()] = (float) Math.max(box[2] * (double) box[3], MIN_AREA);
        return t;
    }

    /** A harmless target for padded cells: a whole-square box of the first schema with nothing labelled. */
    @Override
    public float[] filler() {
        float[] t = new float[width()];
        t[0] = 0.5f;
        t[1] = 0.5f;
        t[2] = 1f;
        t[3] = 1f;
        for (int j = 0; j < slots; j++) {
            t[4 + 4 * j + 2] = NOT_IN_SCHEMA;
            t[4 + 4 * j + 3] = 1f;
        }
        t[areaColumn()] = 1f;
        return t;
    }

    private int indexOf(String name) {
        for (int i = 0; i < schemas.size(); i++) {
            if (schemas.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
