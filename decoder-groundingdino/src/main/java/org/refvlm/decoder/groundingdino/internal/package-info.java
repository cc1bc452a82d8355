/** The REF-driven decoder's loss and target plumbing (not exported). */
package org.refvlm.decoder.groundingdino.internal;
