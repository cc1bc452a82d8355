/**
 * Pretraining a Grounding DINO from nothing on the synthetic world with text prompts (not
 * exported): {@link org.refvlm.decoder.groundingdino.pretrain.GroundingDinoPretraining}, its recipe,
 * the world's word-level vocabulary and the captioned training batches.
 */
package org.refvlm.decoder.groundingdino.pretrain;
