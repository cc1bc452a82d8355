package org.refvlm.core.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.refvlm.nn.Linear;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;
import org.refvlm.tensor.safetensors.SafetensorsFile;
import org.refvlm.tensor.safetensors.SafetensorsWriter;

/**
 * The two-layer MLP that maps vision tokens into the language model's embedding space:
 * Linear(visionDim -> textDim), GELU, Linear(textDim -> textDim). Image tokens and visual-prompt
 * tokens share it (paper section IV-A). Weight names follow the reference's
 * {@code nn.Sequential}: {@code model.0.*} and {@code model.2.*}.
 */
public final class Projector {

    public static final String W1 = "model.0.weight", B1 = "model.0.bias", W2 = "model.2.weight", B2 = "model.2.bias";
    private static final String WHAT = "projector";

    private final int visionDim;
    private final int textDim;
    private final Parameters params;
    private final Linear first;
    private final Linear second;

    /**
     * A projector with PyTorch's default Linear initialisation drawn from {@code seed}, its
     * parameters on {@code manager} (which the caller keeps and closes).
     */
    public Projector(NDManager manager, int visionDim, int textDim, long seed) {
        this.visionDim = visionDim;
        this.textDim = textDim;
        this.params = new Parameters(manager, seed);
        this.first = new Linear(params, "model.0", visionDim, textDim);
        this.second = new Linear(params, "model.2", textDim, textDim);
    }

    /**
     * A projector read from its safetensors file ({@code model.0.*}, {@code model.2.*}), its sizes
     * taken from the first weight, on {@code manager}; every name and shape is checked.
     */
    public static Projector read(Path file, NDManager manager) throws IOException {
        long[] shape;
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            if (!f.names().contains(W1)) {
                throw new IOException(file + " is not a projector: it has no " + W1);
            }
            shape = f.info(W1).shape();
        }
        Projector p = new Projector(manager, (int) shape[1], (int) shape[0], 0);
        p.load(file);
        return p;
    }

    /** Width of the language model embeddings it maps to. */
    /** Width of the tokens it reads (the image-token map's channels). */
    public int visionDim() {
        return visionDim;
    }

    public int textDim() {
        return textDim;
    }

    /** [..., visionDim] -> [..., textDim] */
    public NDArray forward(NDArray tokens) {
        long last = tokens.getShape().get(tokens.getShape().dimension() - 1);
        if (last != visionDim) {
            throw new IllegalArgumentException("projector expects " + visionDim + "-wide tokens, got " + tokens.getShape());
        }
        return second.forward(NonLinearity.GELU.apply(first.forward(tokens)));
    }

    /** Parameters by name, in a fixed order; the trainer attaches gradients to these. */
    public Map<String, NDArray> parameters() {
        return params.asMap();
    }

    /** Replaces every parameter with the file's, in place, after checking every name and shape. */
    public void load(Path file) throws IOException {
        params.load(file, WHAT);
    }

    /** Writes the weights, atomically. */
    public void save(Path file) throws IOException {
        params.save(file, SafetensorsWriter.metadata("format", "pt"));
    }
}
