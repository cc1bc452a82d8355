/** Implementation of the training machinery. */
package org.refvlm.training.internal;
