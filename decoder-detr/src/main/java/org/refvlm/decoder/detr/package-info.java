/**
 * REF-VLM's DETR-style box decoder: {@link org.refvlm.decoder.detr.DetrBoxDecoder} and its sizes,
 * {@link org.refvlm.decoder.detr.DetrDecoderConfig}.
 */
package org.refvlm.decoder.detr;
