package org.refvlm.data.convert;

import com.fasterxml.jackson.databind.JsonNode;
import org.refvlm.api.CocoRle;
import org.refvlm.data.BinaryMask;
import org.refvlm.data.PolygonRasterizer;

/**
 * COCO's three ways of writing a segmentation (polygon list, uncompressed RLE with a counts array, compressed
 * RLE with a counts string) turned into one {@link CocoRle} of the image's size. Several polygons of one
 * object are united, as pycocotools' merge does.
 */
final class CocoSegmentation {
    private CocoSegmentation() {
    }

    static CocoRle toRle(JsonNode seg, int height, int width) {
        if (seg == null || seg.isNull()) {
            throw new IllegalArgumentException("no segmentation");
        }
        if (seg.isArray()) {
            if (seg.isEmpty()) {
                throw new IllegalArgumentException("empty polygon list");
            }
            BinaryMask m = BinaryMask.empty(width, height);
            for (JsonNode poly : seg) {
                if (!poly.isArray() || poly.size() < 6 || poly.size() % 2 != 0) {
                    throw new IllegalArgumentException("a polygon needs at least three x, y pairs");
                }
                double[] flat = new double[poly.size()];
                for (int i = 0; i < flat.length; i++) {
                    if (!poly.get(i).isNumber()) {
                        throw new IllegalArgumentException("polygon coordinates must be numbers");
                    }
                    flat[i] = poly.get(i).asDouble();
                }
                PolygonRasterizer.fillFlat(flat, m);
            }
            return m.toRle();
        }
        if (seg.isObject()) {
            JsonNode size = seg.get("size"), counts = seg.get("counts");
            if (size == null || !size.isArray() || size.size() != 2) {
                throw new IllegalArgumentException("RLE needs 'size': [h, w]");
            }
            int h = size.get(0).asInt(), w = size.get(1).asInt();
            if (h != height || w != width) {
                throw new IllegalArgumentException("RLE size " + h + "x" + w + " differs from image " + height + "x" + width);
            }
            // CocoRle rejects runs that do not cover the image exactly
            if (counts != null && counts.isTextual()) {
                return CocoRle.fromCompactString(counts.asText(), h, w);
            } else if (counts != null && counts.isArray()) {
                int[] c = new int[counts.size()];
                for (int i = 0; i < c.length; i++) {
                    c[i] = counts.get(i).asInt();
                }
                return new CocoRle(h, w, c);
            }
            throw new IllegalArgumentException("RLE needs 'counts'");
        }
        throw new IllegalArgumentException("segmentation is neither polygons nor RLE");
    }
}
