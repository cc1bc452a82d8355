/**
 * The evaluation tasks of the paper's tables beyond REC and RES: captioning, VQA, POPE, REG,
 * interactive grounding, GCG, open-vocabulary detection and segmentation, keypoints and depth; each
 * a {@link org.refvlm.trainer.eval.tasks.TaskScorer} over the turns of a VT-Instruct folder, and the
 * suite that runs them all and writes one table per paper table.
 */
@Export
@Version("0.2.0")
package org.refvlm.trainer.eval.tasks;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
