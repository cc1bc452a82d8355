/**
 * Training machinery shared by every stage: AdamW with a warm-up and cosine schedule, gradient
 * clipping and accumulation, deterministic batches, atomic checkpoints that resume exactly, a
 * JSON Lines metrics log and an optional progress bar.
 */
@Export
@Version("0.2.0")
package org.refvlm.training;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
