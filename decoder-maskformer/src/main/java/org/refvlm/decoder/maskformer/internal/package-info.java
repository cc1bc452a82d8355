/**
 * The MaskFormer decoder's layers as functions of NDArrays, with their parameters looked up by
 * name in one map. Not API: the public face is {@link org.refvlm.decoder.maskformer.MaskFormerDecoder}.
 */
package org.refvlm.decoder.maskformer.internal;
