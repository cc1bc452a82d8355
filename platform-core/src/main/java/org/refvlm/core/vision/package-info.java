/**
 * The vision side of the core: the projector shared by image and visual-prompt tokens, the
 * visual-prompt rasterizer and mask-guided aggregation. Public because trainers build the same
 * inputs the request pipeline builds.
 */
@Export
@Version("0.2.0")
package org.refvlm.core.vision;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
