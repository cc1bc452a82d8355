/**
 * The decoder SPI: what a third-party bundle implements to decode a new kind of visual unit, or
 * to decode an existing one better. See {@link org.refvlm.spi.VisualUnitDecoder}.
 */
@Export
@Version("0.1.0")
package org.refvlm.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
