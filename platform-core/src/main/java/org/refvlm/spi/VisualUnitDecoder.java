package org.refvlm.spi;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.refvlm.api.DecodedUnit;

/**
 * Decodes {@code <REF>} embeddings into visual units. A decoder bundle registers this as an OSGi
 * service with the properties {@link #UNIT} (the unit word, or several), {@link #DECODER} (its
 * name) and optionally {@code service.ranking}; the platform routes every phrase group whose
 * {@code <Unit>} names that unit to the active decoder for it.
 *
 * <p>Register it only when it really decodes: a bundle whose weights are missing must not
 * register a decoder that returns nothing useful. Implementations must be thread-safe for
 * {@link #decode}. Tensors cross this interface on the platform's device. A decoder that trains
 * implements {@link TrainableDecoder}.
 */
@ConsumerType
public interface VisualUnitDecoder {

    /** Service property: the unit word(s) this decoder handles, {@code String} or {@code String[]}. */
    String UNIT = "refvlm.unit";

    /** Service property: the decoder's name, unique per unit, used to pin it. */
    String DECODER = "refvlm.decoder";

    /** What the decoder needs from the platform: query width and length, feature maps, the image. */
    DecoderSpec spec();

    /**
     * One result per real query, per sample, in query order, in original-image pixels
     * ({@link DecoderInput#realQueries()} walks them).
     *
     * @return {@code results.get(b).get(i)} for the {@code i}-th real query of sample {@code b}
     */
    List<List<DecodedUnit>> decode(DecoderInput input);
}
