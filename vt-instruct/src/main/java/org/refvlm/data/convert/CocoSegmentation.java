package org.refvlm.data.convert;

import com.fasterxml.jackson.databind.JsonNode;
import org.refvlm.data.BinaryMask;
import org.refvlm.data.CocoRle;
import org.refvlm.data.PolygonRasterizer;
import org.refvlm.data.RleMask;

/**
 * COCO's three ways of writing a segmentation (polygon list, uncompressed RLE with a counts array, compressed
 * RLE with a counts string) turned into one {@link RleMask} of the image's size. Several polygons of one
 * object are united, as pycocotools' merge does.
 */
final class CocoSegmentation {
    private CocoSegmentation() {
    }

    static RleMask toRle(JsonNode seg, int height, int width) {
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
            return CocoRle.encode(m);
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
            RleMask rle;
            if (counts != null && counts.isTextual()) {
                rle = CocoRle.fromCompressedString(counts.asText(), h, w);
            } else if (counts != null && counts.isArray()) {
                int[] c = new int[counts.size()];
                for (int i = 0; i < c.length; i++) {
                    c[i] = counts.get(i).asInt();
                }
                rle = new RleMask(h, w, c);
            } else {
                throw new IllegalArgumentException("RLE needs 'counts'");
            }
            if (rle.coveredPixels() != (long) h * w) {
                throw new IllegalArgumentException("RLE runs cover " + rle.coveredPixels() + " pixels, not " + (long) h * w);
            }
            return rle;
        }
        throw new IllegalArgumentException("segmentation is neither polygons nor RLE");
    }
}
