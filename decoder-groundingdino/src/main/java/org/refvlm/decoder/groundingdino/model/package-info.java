/**
 * Grounding DINO as Hugging Face's {@code GroundingDinoForObjectDetection} computes it, loadable
 * from its checkpoints: {@link org.refvlm.decoder.groundingdino.model.GroundingDino},
 * {@link org.refvlm.decoder.groundingdino.model.GroundingDinoModels},
 * {@link org.refvlm.decoder.groundingdino.model.GroundingDinoConfig}.
 */
@Export
@Version("0.2.0")
package org.refvlm.decoder.groundingdino.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
