/** The SAM decoder's internals: its loss. */
package org.refvlm.decoder.sam.internal;
