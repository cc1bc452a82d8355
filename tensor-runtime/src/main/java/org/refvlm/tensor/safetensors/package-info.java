/**
 * Safetensors checkpoints: validated memory-mapped reader, atomic writer, sharded index, and the weight loader that checks every expected name and shape.
 */
@Export
@Version("0.1.0")
package org.refvlm.tensor.safetensors;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

