/**
 * Conformance runner: checks fixture folders (llama-causal-lm, clip-vision, convnext-trunk, hf-tokenizer) against golden outputs.
 */
package org.refvlm.conformance;
