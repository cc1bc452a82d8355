/**
 * Training recipes: what a run trains (stage 1 the projector, stage 2 the language model, the
 * projector and the decoders, stage 3 new decoders on a trained model), on which data, with
 * which optimizer settings. {@code refvlm:train} runs a recipe file.
 */
@Export
@Version("0.1.0")
package org.refvlm.trainer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
