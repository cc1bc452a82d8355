/**
 * The VT-Instruct sample format: record types for a sample (image, targets, visual prompts, turns), the task
 * types of the paper's Table I, pixel masks (run-length encoded by the platform's CocoRle), TRP answer building
 * (checked by the platform's TRP parser in its training form), and streaming JSON Lines reading (validating,
 * bounded memory) and writing. See docs/vt-instruct.md.
 */
@Export
@Version("0.2.0")
package org.refvlm.data;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

