/** The training loop's parts, the training commands and their plumbing. */
package org.refvlm.trainer.internal;
