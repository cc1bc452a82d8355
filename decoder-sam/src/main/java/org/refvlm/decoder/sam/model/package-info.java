/**
 * Segment Anything in Hugging Face's {@code SamModel} layout (image encoder, prompt encoder, mask
 * decoder), any size, loading {@code facebook/sam-vit-*} folders: what the SAM mask decoder, the
 * conformance runner and SAM's own prompt command build on.
 */
@Export
@Version("0.1.0")
package org.refvlm.decoder.sam.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
