package org.refvlm.data.convert;

import com.fasterxml.jackson.databind.JsonNode;
import org.refvlm.data.Box;

/**
 * The fields of a COCO annotation the converters use, checked. The segmentation stays JSON until the image
 * size is known (COCO files may list annotations before images).
 */
record CocoAnnotation(long id, long imageId, long categoryId, Box box, boolean crowd, JsonNode segmentation,
                      double[] keypoints, int numKeypoints) {

    static CocoAnnotation parse(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("annotation is not an object");
        }
        long id = requiredLong(n, "id");
        long image = requiredLong(n, "image_id");
        long cat = requiredLong(n, "category_id");
        JsonNode bbox = n.get("bbox");
        if (bbox == null || !bbox.isArray() || bbox.size() != 4) {
            throw new IllegalArgumentException("annotation " + id + ": 'bbox' must be [x, y, w, h]");
        }
        for (JsonNode v : bbox) {
            if (!v.isNumber()) {
                throw new IllegalArgumentException("annotation " + id + ": 'bbox' values must be numbers");
            }
        }
        double w = bbox.get(2).asDouble(), h = bbox.get(3).asDouble();
        if (w < 0 || h < 0) {
            throw new IllegalArgumentException("annotation " + id + ": negative box size");
        }
        Box box = Box.fromXywh(bbox.get(0).asDouble(), bbox.get(1).asDouble(), w, h);
        boolean crowd = n.path("iscrowd").asInt(0) == 1;
        double[] kps = null;
        JsonNode k = n.get("keypoints");
        if (k != null && !k.isNull()) {
            if (!k.isArray() || k.size() % 3 != 0) {
                throw new IllegalArgumentException("annotation " + id + ": 'keypoints' must be [x, y, v] triples");
            }
            kps = new double[k.size()];
            for (int i = 0; i < kps.length; i++) {
                if (!k.get(i).isNumber()) {
                    throw new IllegalArgumentException("annotation " + id + ": keypoint values must be numbers");
                }
                kps[i] = k.get(i).asDouble();
            }
        }
        return new CocoAnnotation(id, image, cat, box, crowd, n.get("segmentation"), kps, n.path("num_keypoints").asInt(0));
    }

    private static long requiredLong(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new IllegalArgumentException("missing numeric '" + field + "'");
        }
        return v.asLong();
    }
}
