/**
 * The VT-Instruct sample format: record types for a sample (image, targets, visual prompts, turns), the task
 * types of the paper's Table I, COCO RLE masks, TRP answer building and strict checking, and streaming
 * JSON Lines reading (validating, bounded memory) and writing. See docs/vt-instruct.md.
 */
@Export
@Version("0.1.0")
package org.refvlm.data;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

