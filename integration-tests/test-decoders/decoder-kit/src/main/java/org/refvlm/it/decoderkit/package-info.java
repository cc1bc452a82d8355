/** A minimal real decoder for platform tests; embedded privately into each test decoder bundle. */
package org.refvlm.it.decoderkit;
