/**
 * Conformance runner: checks fixture folders (llama-causal-lm, clip-vision, convnext-trunk, hf-tokenizer) against golden outputs.
 * Exported for {@code selftest}, which runs the same fixtures on the device under test.
 */
@Export
@Version("0.1.0")
package org.refvlm.conformance;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
