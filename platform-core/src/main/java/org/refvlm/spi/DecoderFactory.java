package org.refvlm.spi;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Makes decoders of one kind for training: fresh ones from a config (the same JSON a decoder
 * folder's {@code config.json} holds) and trained ones from a decoder folder. A decoder bundle
 * registers it whenever it is active, with the properties {@link #KIND} and
 * {@link VisualUnitDecoder#UNIT}; the trainer finds it by kind, and the bundle's folder loader
 * later serves what the trainer wrote (configuration PID {@code org.refvlm.decoder.<kind>}).
 */
@ConsumerType
public interface DecoderFactory {

    /** Service property: the decoder kind, e.g. {@code detr}. */
    String KIND = "refvlm.decoder.kind";

    /** The kind, e.g. {@code detr} or {@code maskformer}. */
    String kind();

    /** The unit its decoders decode, e.g. {@code box}. */
    String unit();

    /**
     * A decoder with freshly initialised weights, its arrays on a child of {@code manager}.
     *
     * @param configJson the decoder's sizes as JSON, checked; {@code queryInputDim} must equal the LLM's width
     * @throws IllegalArgumentException naming what is wrong with the config
     */
    TrainableDecoder create(String configJson, NDManager manager, long seed);

    /** A decoder read from a folder written by {@link TrainableDecoder#saveFolder}. */
    TrainableDecoder load(Path folder, NDManager manager) throws IOException;
}
