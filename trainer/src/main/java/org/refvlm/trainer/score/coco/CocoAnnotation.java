package org.refvlm.trainer.score.coco;

import org.refvlm.api.CocoRle;

/**
 * One ground-truth object or one detection, as the evaluation sees it after loading.
 *
 * @param id          the annotation id; detections are numbered 1, 2, ... in file order, as pycocotools does
 * @param bbox        {@code [x, y, width, height]} in pixels, or null when the record has none
 * @param area        the area range test uses this: the file's {@code area} for ground truth, computed for detections
 * @param crowd       a crowd region: matched by any number of detections and never counted as missed
 * @param mask        the segmentation as RLE, or null when it has none (polygons are rasterised on reading)
 * @param keypoints   flat {@code [x, y, v, ...]}, or null
 * @param numKeypoints labelled keypoints of a ground truth ({@code num_keypoints}); 0 for detections
 * @param score       the detection's confidence; 1 for ground truth
 */
public record CocoAnnotation(long id, long imageId, long categoryId, double[] bbox, double area, boolean crowd,
        CocoRle mask, double[] keypoints, int numKeypoints, double score) {
}
