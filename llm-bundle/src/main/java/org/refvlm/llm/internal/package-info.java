/**
 * LLaMA causal LM on DJL NDArrays (RMSNorm, rotary embeddings, GQA attention, SwiGLU) and its decoding loop; not exported.
 */
package org.refvlm.llm.internal;
