package org.refvlm.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a decoder produced for one referred instance, in original image pixels. The platform's
 * own units are {@link BoxUnit}, {@link MaskUnit}, {@link KeypointsUnit} and {@link DepthUnit};
 * a decoder for a new unit word brings its own implementation.
 */
@ConsumerType
public interface DecodedUnit {

    /** The unit word this value answers, as written in the model's {@code <Unit>} tag. */
    String unit();
}
