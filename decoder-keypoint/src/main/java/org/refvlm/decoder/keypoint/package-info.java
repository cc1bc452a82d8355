/**
 * The keypoint decoder: {@link org.refvlm.decoder.keypoint.KeypointDecoder}, its sizes and loss
 * weights ({@link org.refvlm.decoder.keypoint.KeypointDecoderConfig}) and the keypoint schemas it
 * knows ({@link org.refvlm.decoder.keypoint.KeypointSchema},
 * {@link org.refvlm.decoder.keypoint.KeypointSchemas}).
 */
@Export
@Version("0.3.0")
package org.refvlm.decoder.keypoint;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
