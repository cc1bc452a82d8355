/**
 * The vision-encoder contract shared by the CLIP ViT and ConvNeXt towers.
 */
@Export
@Version("0.2.0")
package org.refvlm.encoder;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

