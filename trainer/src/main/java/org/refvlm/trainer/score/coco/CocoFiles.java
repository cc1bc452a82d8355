package org.refvlm.trainer.score.coco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.api.CocoRle;

/**
 * Reads COCO annotation files and COCO results files. Results are completed as pycocotools'
 * {@code loadRes} completes them: ids 1, 2, ... in file order; a record with a non-empty
 * {@code bbox} takes the box's area (even when it also has a mask); a mask-only record takes the
 * mask's area and box; a keypoint record takes the box around its keypoints. Every problem is an
 * {@link IllegalArgumentException} naming the file and the record.
 */
public final class CocoFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CocoFiles() {
    }

    public static CocoDataset readGroundTruth(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": not a COCO annotation file (expected a JSON object)");
        }
        Map<Long, int[]> images = new LinkedHashMap<>();
        for (JsonNode im : root.path("images")) {
            images.put(im.path("id").asLong(), new int[] {im.path("width").asInt(), im.path("height").asInt()});
        }
        Map<Long, String> categories = new LinkedHashMap<>();
        for (JsonNode c : root.path("categories")) {
            categories.put(c.path("id").asLong(), c.path("name").asText(Long.toString(c.path("id").asLong())));
        }
        List<CocoAnnotation> anns = new ArrayList<>();
        int i = 0;
        for (JsonNode a : root.path("annotations")) {
            try {
                anns.add(groundTruth(a, images));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ": annotations[" + i + "]: " + e.getMessage(), e);
            }
            i++;
        }
        return new CocoDataset(images, categories, anns);
    }

    private static CocoAnnotation groundTruth(JsonNode a, Map<Long, int[]> images) {
        long imageId = required(a, "image_id").asLong();
        CocoRle mask = a.has("segmentation") ? segmentation(a.get("segmentation"), images.get(imageId)) : null;
        double[] bbox = a.has("bbox") ? doubles(a.get("bbox"), "bbox") : null;
        return new CocoAnnotation(required(a, "id").asLong(), imageId, required(a, "category_id").asLong(), bbox,
                a.path("area").asDouble(0), a.path("iscrowd").asInt(0) != 0, mask,
                a.has("keypoints") ? doubles(a.get("keypoints"), "keypoints") : null, a.path("num_keypoints").asInt(0), 1);
    }

    /**
     * Reads a results file (a JSON array of detections) against its ground truth.
     *
     * @throws IllegalArgumentException for a detection of an image the ground truth does not have
     */
    public static List<CocoAnnotation> readResults(Path file, CocoDataset gt) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + ": not a COCO results file (expected a JSON array of detections)");
        }
        List<CocoAnnotation> dts = new ArrayList<>();
        if (root.isEmpty()) {
            return dts;
        }
        // pycocotools decides the kind of every record by the first one
        JsonNode first = root.get(0);
        boolean boxes = first.has("bbox") && first.get("bbox").size() > 0;
        boolean keypoints = !boxes && !first.has("segmentation") && first.has("keypoints");
        for (int i = 0; i < root.size(); i++) {
            JsonNode r = root.get(i);
            try {
                long imageId = required(r, "image_id").asLong();
                if (!gt.images().containsKey(imageId)) {
                    throw new IllegalArgumentException("image_id " + imageId + " is not an image of the ground truth");
                }
                dts.add(detection(r, i + 1, imageId, gt.images().get(imageId), boxes, keypoints));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ": record " + i + ": " + e.getMessage(), e);
            }
        }
        return dts;
    }

    private static CocoAnnotation detection(JsonNode r, long id, long imageId, int[] size, boolean boxes,
            boolean keypoints) {
        long categoryId = required(r, "category_id").asLong();
        double score = required(r, "score").asDouble();
        CocoRle mask = r.has("segmentation") ? segmentation(r.get("segmentation"), size) : null;
        double[] kps = r.has("keypoints") ? doubles(r.get("keypoints"), "keypoints") : null;
        double[] bbox;
        double area;
        if (boxes) {
            bbox = doubles(required(r, "bbox"), "bbox");
            area = bbox[2] * bbox[3];
        } else if (!keypoints) {
            if (mask == null) {
                throw new IllegalArgumentException("has no segmentation");
            }
            area = mask.area();
            bbox = r.has("bbox") ? doubles(r.get("bbox"), "bbox") : maskBox(mask);
        } else {
            if (kps == null || kps.length == 0 || kps.length % 3 != 0) {
                throw new IllegalArgumentException("keypoints must be a flat list of [x, y, v] triples");
            }
            double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY;
            double y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < kps.length; k += 3) {
                x0 = Math.min(x0, kps[k]);
                x1 = Math.max(x1, kps[k]);
                y0 = Math.min(y0, kps[k + 1]);
                y1 = Math.max(y1, kps[k + 1]);
            }
            area = (x1 - x0) * (y1 - y0);
            bbox = new double[] {x0, y0, x1 - x0, y1 - y0};
        }
        return new CocoAnnotation(id, imageId, categoryId, bbox, area, false, mask, kps, 0, score);
    }

    /** COCO's {@code toBbox} of a mask: {@code [x, y, w, h]}, all zero for an empty mask. */
    static double[] maskBox(CocoRle mask) {
        return mask.bounds().map(b -> new double[] {b[0], b[1], b[2] - b[0], b[3] - b[1]}).orElse(new double[4]);
    }

    /** A segmentation as RLE: compressed or uncompressed RLE, or polygons rasterised as pycocotools does. */
    static CocoRle segmentation(JsonNode s, int[] imageSize) {
        if (s.isObject()) {
            JsonNode size = required(s, "size");
            int h = size.get(0).asInt();
            int w = size.get(1).asInt();
            JsonNode counts = required(s, "counts");
            if (counts.isTextual()) {
                return CocoRle.fromCompactString(counts.asText(), h, w);
            }
            int[] runs = new int[counts.size()];
            for (int i = 0; i < runs.length; i++) {
                runs[i] = counts.get(i).asInt();
            }
            return new CocoRle(h, w, runs);
        }
        if (s.isArray()) {
            if (imageSize == null) {
                throw new IllegalArgumentException("polygon segmentation of an image of unknown size");
            }
            List<double[]> polygons = new ArrayList<>();
            for (JsonNode p : s) {
                polygons.add(doubles(p, "segmentation polygon"));
            }
            return PolygonRle.rasterise(polygons, imageSize[1], imageSize[0]);
        }
        throw new IllegalArgumentException("segmentation must be RLE or polygons");
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing '" + field + "'");
        }
        return v;
    }

    private static double[] doubles(JsonNode array, String what) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("'" + what + "' must be a list of numbers");
        }
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }
}
