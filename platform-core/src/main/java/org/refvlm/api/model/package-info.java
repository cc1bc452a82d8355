/**
 * The model services the platform composes: the language model that writes TRP and exposes its
 * hidden states, and the vision encoders that feed it and the decoders.
 */
@Export
@Version("0.3.0")
package org.refvlm.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
