/**
 * Language-model API: LLaMA configuration, forward input/output, KV cache, generation settings and listener, the tokenizer wrapper and REF-VLM's special tokens.
 */
@Export
@Version("0.2.0")
package org.refvlm.llm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

