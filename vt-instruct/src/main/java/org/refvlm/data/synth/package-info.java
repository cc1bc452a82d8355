/**
 * The synthetic world: deterministic scenes of shapes with occlusion and depth, everything about them known
 * (masks, boxes, keypoints, relations, expressions, captions, questions), and samples for every task type.
 */
@Export
@Version("0.4.0")
package org.refvlm.data.synth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

