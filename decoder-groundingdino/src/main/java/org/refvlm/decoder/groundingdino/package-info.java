/**
 * Grounding DINO as a REF-driven box decoder: {@link org.refvlm.decoder.groundingdino.GroundingDinoBoxDecoder}
 * and its sizes, {@link org.refvlm.decoder.groundingdino.GroundingDinoDecoderConfig}.
 */
@Export
@Version("0.1.0")
package org.refvlm.decoder.groundingdino;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
