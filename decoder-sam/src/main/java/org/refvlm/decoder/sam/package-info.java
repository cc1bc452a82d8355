/**
 * The SAM mask decoder: a {@code <REF>} embedding, projected to SAM's prompt width, is the sparse
 * prompt of Segment Anything (LISA's and REF-VLM's SAM plug); unit {@code mask}, kind {@code sam}.
 */
@Export
@Version("0.1.0")
package org.refvlm.decoder.sam;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
