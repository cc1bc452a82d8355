/**
 * The depth decoder's network, targets, loss and decoding. Not API: the public face is
 * {@link org.refvlm.decoder.depth.DepthDecoder}.
 */
package org.refvlm.decoder.depth.internal;
