package org.refvlm.spi;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * {@link #decode}. Tensors cross this interface on the platform's device.
 */
@ConsumerType
public interface VisualUnitDecoder {

    /** Service property: the unit word(s) this decoder handles, {@code String} or {@code String[]}. */
    String UNIT = "refvlm.unit";

    /** Service property: the decoder's name, unique per unit, used to pin it. */
    String DECODER = "refvlm.decoder";

    DecoderSpec spec();

    /**
     * One result per real query, per sample, in query order, in original-image pixels.
     *
     * @return {@code results.get(b).get(i)} for the {@code i}-th real query of sample {@code b}
     */
    List<List<DecodedUnit>> decode(DecoderInput input);

    /**
     * The training loss of this decoder on a batch: a scalar in the caller's autograd graph. A
     * batch without targets for this decoder still gets a (zero-weighted) loss so every
     * decoder's parameters stay in the graph.
     */
    NDArray loss(DecoderInput input, List<TargetGroup> targets);

    /** Trainable parameters by name; the trainer attaches gradients to these. */
    Map<String, NDArray> parameters();

    /** Writes the decoder's weights to {@code file}, atomically. */
    void save(Path file) throws IOException;

    /** Reads weights written by {@link #save}; checks every name and shape. */
    void load(Path file) throws IOException;
}
