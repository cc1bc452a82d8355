/**
 * COCO detection, segmentation and keypoint evaluation, computed as pycocotools' {@code COCOeval}
 * computes it, and the readers of COCO annotation and results files.
 */
@Export
@Version("0.1.0")
package org.refvlm.trainer.score.coco;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
