/**
 * The keypoint decoder's parts: the feature memory, the per-instance decoder layer, the heads, the
 * target encoding, OKS and the losses; not API.
 */
package org.refvlm.decoder.keypoint.internal;
