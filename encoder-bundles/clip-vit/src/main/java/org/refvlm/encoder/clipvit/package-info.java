/**
 * CLIP vision tower API (Hugging Face CLIPVisionModel layout) and CLIP image preprocessing.
 */
@Export
@Version("0.1.0")
package org.refvlm.encoder.clipvit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

