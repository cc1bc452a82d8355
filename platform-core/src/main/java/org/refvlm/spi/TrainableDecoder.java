package org.refvlm.spi;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A decoder that trains: a loss in the caller's autograd graph, its parameters, its weights
 * saved and loaded, dropout switched on and off, and the decoder folder ({@code config.json} +
 * {@code model.safetensors}) its bundle can serve. The platform's trainer and the stage-3 recipes
 * work with these; a decoder that only decodes implements {@link VisualUnitDecoder} alone.
 */
@ConsumerType
public interface TrainableDecoder extends VisualUnitDecoder, AutoCloseable {

    /**
     * The training loss of this decoder on a batch: a scalar in the caller's autograd graph. A
     * batch without targets for this decoder still gets a (zero-valued) loss connected to every
     * trainable parameter, so every decoder stays in the graph of every step.
     */
    NDArray loss(DecoderInput input, List<TargetGroup> targets);

    /** Trainable parameters by name; the trainer attaches gradients to these. */
    Map<String, NDArray> parameters();

    /** Writes the decoder's weights to {@code file}, atomically. */
    void save(Path file) throws IOException;

    /**
     * Reads weights written by {@link #save}, in place: the arrays of {@link #parameters()} keep
     * their identity and gradient flags, so a trainer holding them stays valid. Every name and
     * shape is checked before any value changes; on failure nothing changes. Must not run
     * concurrently with {@link #decode} or {@link #loss}.
     */
    void load(Path file) throws IOException;

    /** Training mode (dropout on) or inference mode; {@link #decode} never uses dropout. */
    void train(boolean on);

    /** Writes the decoder folder, atomically per file. */
    void saveFolder(Path dir) throws IOException;

    /** The config record that {@code config.json} holds. */
    Object config();

    @Override
    void close();
}
