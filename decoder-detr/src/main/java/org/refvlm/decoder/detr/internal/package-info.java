/**
 * The decoder's layers as functions of named tensors held in one {@link org.refvlm.decoder.detr.internal.Weights}
 * table; not API.
 */
package org.refvlm.decoder.detr.internal;
