/**
 * REF-VLM's DETR-style box decoder: {@link org.refvlm.decoder.detr.DetrBoxDecoder} and its sizes,
 * {@link org.refvlm.decoder.detr.DetrDecoderConfig}.
 */
@Export
@Version("0.1.0")
package org.refvlm.decoder.detr;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

