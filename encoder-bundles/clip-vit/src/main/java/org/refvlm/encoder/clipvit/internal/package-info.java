/**
 * CLIP vision transformer implementation and the antialiased bicubic resampler; not exported.
 */
package org.refvlm.encoder.clipvit.internal;
