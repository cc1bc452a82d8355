/** The request pipeline's building blocks (private to the platform core). */
package org.refvlm.core.pipeline;
