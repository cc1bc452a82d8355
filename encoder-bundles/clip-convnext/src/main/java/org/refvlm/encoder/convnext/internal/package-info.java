/**
 * ConvNeXt trunk implementation; not exported.
 */
package org.refvlm.encoder.convnext.internal;
