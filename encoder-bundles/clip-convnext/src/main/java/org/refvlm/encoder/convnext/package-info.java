/**
 * timm ConvNeXt trunk API (timm names, open_clip visual.trunk. prefix).
 */
@Export
@Version("0.1.0")
package org.refvlm.encoder.convnext;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

