/**
 * The tensor runtime every refvlm bundle computes with: DJL's {@code NDManager}s on the one
 * engine and device the platform was configured with.
 */
@Export
@Version("0.3.0")
package org.refvlm.tensor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
