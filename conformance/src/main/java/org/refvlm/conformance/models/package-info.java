/** Model folders made here: a tiny randomly initialised model to try the platform end to end. */
@Export
@Version("0.1.0")
package org.refvlm.conformance.models;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
