/**
 * The decoder SPI: what a third-party bundle implements to decode a new kind of visual unit, or
 * to decode an existing one better. See {@link org.refvlm.spi.VisualUnitDecoder} and, for decoders
 * that train, {@link org.refvlm.spi.TrainableDecoder}; {@code docs/writing-a-decoder.md} walks
 * through a whole decoder bundle.
 *
 * <p>0.2 (against 0.1): {@link org.refvlm.spi.DecoderInput} carries the request's image
 * ({@link org.refvlm.spi.DecoderImage}) for decoders whose {@link org.refvlm.spi.DecoderSpec}
 * says {@code needsImage}; feature-level names are constants ({@link org.refvlm.spi.FeatureLevels});
 * {@code loss}, {@code parameters}, {@code save} and {@code load} moved from
 * {@code VisualUnitDecoder} to {@code TrainableDecoder} (inference-only decoders implement two
 * methods), and {@code load} is specified to work in place; {@link org.refvlm.spi.ImageFrame}
 * converts boxes; {@link org.refvlm.spi.RealQueries} walks the real queries. The OSGi helpers
 * {@code DecoderFolder}, {@code ServedDecoderFolder} and {@code ServiceRegistrations} moved to
 * {@code org.refvlm.spi.support}, with the rest of the plumbing decoders share.
 *
 * <p>0.3: {@link org.refvlm.spi.DecoderImage} places its image as the model was trained
 * (top-left or centred) and {@link org.refvlm.spi.PaddedSquares} batches padded squares.
 * 0.4: {@link org.refvlm.spi.DecoderInput#pictures(int)} gives a decoder the batch's padded
 * squares at a side, reusing the ones the platform made for its encoders
 * ({@link org.refvlm.spi.DecoderInput#squares()}); constructors without them remain.
 */
@Export
@Version("0.4.0")
package org.refvlm.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
