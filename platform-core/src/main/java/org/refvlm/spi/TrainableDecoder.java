package org.refvlm.spi;

import java.io.IOException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A decoder as a trainer holds it: it can switch dropout on and off and write itself as a
 * decoder folder ({@code config.json} + {@code model.safetensors}) that its bundle can serve.
 */
@ConsumerType
public interface TrainableDecoder extends VisualUnitDecoder, AutoCloseable {

    /** Training mode (dropout on) or inference mode. */
    void train(boolean on);

    /** Writes the decoder folder, atomically per file. */
    void saveFolder(Path dir) throws IOException;

    /** The config record that {@code config.json} holds. */
    Object config();

    @Override
    void close();
}
