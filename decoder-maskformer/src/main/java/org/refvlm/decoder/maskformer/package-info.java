/**
 * The MaskFormer-style mask decoder of REF-VLM (reference notes section 4.2): an FPN pixel
 * decoder over the feature pyramid and a DETR-style transformer decoder whose outputs, dotted
 * with the pixel embeddings, give one mask per {@code <REF>} query.
 */
@Export
@Version("0.1.0")
package org.refvlm.decoder.maskformer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

