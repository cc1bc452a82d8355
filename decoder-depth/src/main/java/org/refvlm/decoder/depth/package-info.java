/**
 * The depth decoder: a dense depth map of the whole picture, in metres, per {@code <REF>} of unit
 * {@code depth}, from the {@code <REF>} embedding and the feature pyramid (a FiLM-conditioned FPN head
 * trained with the scale-invariant log loss).
 */
@Export
@Version("0.1.0")
package org.refvlm.decoder.depth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
