/**
 * The latent embeddings router: captures the hidden state of every {@code <REF>} the language
 * model writes, groups references by their unit declaration, and hands each group to the
 * decoder installed for its unit. Public for the training and evaluation code of the platform.
 */
@Export
@Version("0.1.0")
package org.refvlm.core.router;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
