package org.refvlm.trainer.eval.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.api.CocoRle;
import org.refvlm.trainer.eval.MaskRegion;
import org.refvlm.trainer.eval.PixelBox;
import org.refvlm.trainer.eval.Region;
import org.refvlm.trainer.score.coco.CocoAnnotation;
import org.refvlm.trainer.score.coco.CocoDataset;
import org.refvlm.trainer.score.coco.CocoEvaluation;
import org.refvlm.trainer.score.coco.CocoEvaluator;
import org.refvlm.trainer.score.coco.CocoFiles;
import org.refvlm.trainer.score.coco.CocoIouType;

/**
 * The ground truth and the model's detections of an evaluation as a COCO annotation file and a COCO
 * results file ({@code image_id}, {@code category_id}, {@code bbox} as {@code [x, y, w, h]},
 * {@code segmentation} as compressed RLE, {@code keypoints} as flat {@code [x, y, v, ...]},
 * {@code score}), so that pycocotools scores them as {@code score coco} does. The evaluation itself
 * reads the two files back and scores them, so its numbers are exactly those of the files.
 *
 * <p>Image ids are the source's ({@code meta.image_id} of converted COCO data) when asked for, else
 * 1, 2, ... per picture; category ids come from the given map (a COCO file's categories, by name) or
 * are 1, 2, ... in order of first appearance. Mask detections carry no {@code bbox}, so that
 * pycocotools takes their area from the mask, as it does for masks.
 */
public final class CocoExport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean sourceImageIds;
    private final Map<String, Long> categories = new LinkedHashMap<>();
    private final boolean fixedCategories;
    private final Map<String, Long> imageIds = new LinkedHashMap<>();
    private final ObjectNode gt = JSON.createObjectNode();
    private final ArrayNode images = gt.putArray("images");
    private final ArrayNode annotations = gt.putArray("annotations");
    private final ArrayNode results = JSON.createArrayNode();

    /**
     * @param categoryIds    category ids by name, or null to number the categories as they appear
     * @param sourceImageIds use {@code meta.image_id} of the samples as image ids
     */
    public CocoExport(Map<String, Long> categoryIds, boolean sourceImageIds) {
        this.sourceImageIds = sourceImageIds;
        this.fixedCategories = categoryIds != null;
        if (categoryIds != null) {
            categories.putAll(categoryIds);
        }
    }

    /** The image id of a turn's picture, registering the picture on first use. */
    public long image(TurnItem item) {
        String key = item.image().toAbsolutePath().normalize().toString();
        Long known = imageIds.get(key);
        if (known != null) {
            return known;
        }
        long id = imageIds.size() + 1L;
        String source = item.sample().meta().get("image_id");
        if (sourceImageIds) {
            if (source == null) {
                throw new IllegalArgumentException("sample " + item.sample().id() + " has no meta.image_id to use as image id");
            }
            id = Long.parseLong(source);
        }
        imageIds.put(key, id);
        ObjectNode im = images.addObject();
        im.put("id", id);
        im.put("width", item.sample().image().width());
        im.put("height", item.sample().image().height());
        im.put("file_name", item.sample().image().path());
        return id;
    }

    /** The category id of a class name. */
    public long category(String name) {
        Long id = categories.get(name);
        if (id == null) {
            if (fixedCategories) {
                throw new IllegalArgumentException("class '" + name + "' is not a category of the COCO file given");
            }
            id = categories.size() + 1L;
            categories.put(name, id);
        }
        return id;
    }

    /** The class names known so far, in id order of appearance. */
    public List<String> categoryNames() {
        return List.copyOf(categories.keySet());
    }

    public void addTruth(long imageId, long categoryId, Region region, double[] keypoints, int labelled) {
        ObjectNode a = annotations.addObject();
        a.put("id", annotations.size());
        a.put("image_id", imageId);
        a.put("category_id", categoryId);
        a.put("iscrowd", 0);
        if (region instanceof PixelBox b) {
            box(a, b);
            a.put("area", b.area());
        } else if (region instanceof MaskRegion m) {
            rle(a, m.rle());
            box(a, m.rle());
            a.put("area", m.area());
        }
        if (keypoints != null) {
            flat(a.putArray("keypoints"), keypoints);
            a.put("num_keypoints", labelled);
        }
    }

    public void addDetection(long imageId, long categoryId, Region region, double[] keypoints, double score) {
        ObjectNode r = results.addObject();
        r.put("image_id", imageId);
        r.put("category_id", categoryId);
        if (keypoints != null) {
            flat(r.putArray("keypoints"), keypoints);
        } else if (region instanceof PixelBox b) {
            box(r, b);
        } else if (region instanceof MaskRegion m) {
            rle(r, m.rle());
        }
        r.put("score", score);
    }

    public boolean hasTruth() {
        return !annotations.isEmpty();
    }

    /** Writes the two files and scores them as {@code score coco --type type} would. */
    public CocoEvaluation writeAndEvaluate(Path gtFile, Path resultsFile, CocoIouType type) throws IOException {
        return writeAndEvaluate(gtFile, resultsFile, new CocoEvaluator(type));
    }

    /** Writes the two files and scores them with the given evaluator (keypoint layouts other than COCO's). */
    public CocoEvaluation writeAndEvaluate(Path gtFile, Path resultsFile, CocoEvaluator evaluator) throws IOException {
        ArrayNode cats = gt.putArray("categories");
        categories.forEach((name, id) -> {
            ObjectNode c = cats.addObject();
            c.put("id", id);
            c.put("name", name);
        });
        Files.createDirectories(gtFile.toAbsolutePath().getParent());
        Files.writeString(gtFile, JSON.writeValueAsString(gt));
        Files.writeString(resultsFile, JSON.writeValueAsString(results));
        gt.remove("categories");
        CocoDataset dataset = CocoFiles.readGroundTruth(gtFile);
        List<CocoAnnotation> dts = CocoFiles.readResults(resultsFile, dataset);
        return evaluator.evaluate(dataset, dts);
    }

    private static void box(ObjectNode n, PixelBox b) {
        n.putArray("bbox").add(b.x0()).add(b.y0()).add(b.x1() - b.x0()).add(b.y1() - b.y0());
    }

    private static void box(ObjectNode n, CocoRle m) {
        int[] b = m.bounds().orElse(new int[4]);
        n.putArray("bbox").add(b[0]).add(b[1]).add(b[2] - b[0]).add(b[3] - b[1]);
    }

    private static void rle(ObjectNode n, CocoRle m) {
        ObjectNode s = n.putObject("segmentation");
        s.putArray("size").add(m.height()).add(m.width());
        s.put("counts", m.toCompactString());
    }

    private static void flat(ArrayNode a, double[] values) {
        for (double v : values) {
            a.add(v);
        }
    }
}
