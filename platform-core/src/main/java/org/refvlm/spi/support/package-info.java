/**
 * What every decoder bundle would otherwise write again, written once: serving a decoder folder as
 * a service only once it has loaded ({@link org.refvlm.spi.support.DecoderFolder},
 * {@link org.refvlm.spi.support.ServedDecoderFolder}, {@link org.refvlm.spi.support.ServiceRegistrations});
 * padding queries ({@link org.refvlm.spi.support.QueryPadding}); grouped Hungarian matching of
 * predictions against {@link org.refvlm.spi.TargetGroup}s with a decoder's own cost
 * ({@link org.refvlm.spi.support.TargetMatcher}); COCO RLE targets on a decoder's grid and mask
 * logits back to RLE ({@link org.refvlm.spi.support.MaskGrid}, {@link org.refvlm.spi.support.MaskDecoding}), and a batch's
 * mask targets and valid cells on a logits grid ({@link org.refvlm.spi.support.MaskTargetGrids}, since 0.3);
 * a grounding map that says which memory cells a query is about, its loss and the box it outlines
 * ({@link org.refvlm.spi.support.GroundingMap}, {@link org.refvlm.spi.support.GroundingMapLoss},
 * {@link org.refvlm.spi.support.MapBox}, since 0.4: DETR's, now shared with the keypoint decoder); and
 * making the freeing of a decoder's tensors wait for the requests decoding with it
 * ({@link org.refvlm.spi.support.InFlightCalls}, since 0.5; {@code ServedDecoderFolder} uses it).
 * The platform provides these; decoders call them.
 */
@Export
@Version("0.5.0")
package org.refvlm.spi.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
