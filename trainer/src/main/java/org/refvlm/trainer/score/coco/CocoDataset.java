package org.refvlm.trainer.score.coco;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A COCO annotation set in memory: image ids with their sizes, categories with their names, and the
 * annotations in file order (the order pycocotools keeps, which decides ties).
 *
 * @param images     image id to {@code [width, height]}, in file order
 * @param categories category id to name, in file order
 */
public record CocoDataset(Map<Long, int[]> images, Map<Long, String> categories, List<CocoAnnotation> annotations) {

    public CocoDataset {
        images = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(images));
        categories = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(categories));
        annotations = List.copyOf(annotations);
    }

    /** The ids pycocotools evaluates: all images, all categories, ascending. */
    public List<Long> sortedImageIds() {
        List<Long> ids = new ArrayList<>(images.keySet());
        ids.sort(null);
        return ids;
    }

    public List<Long> sortedCategoryIds() {
        List<Long> ids = new ArrayList<>(categories.keySet());
        ids.sort(null);
        return ids;
    }

    public String categoryName(long id) {
        return Objects.requireNonNullElse(categories.get(id), Long.toString(id));
    }
}
