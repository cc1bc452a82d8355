package org.refvlm.core.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
 *
 * <p>With {@code tokensPerCell} k above 1 (not in the reference: its projector is k = 1), the
 * second layer is k times as wide and every vision token becomes k consecutive language-model
 * tokens, so that one cell can be read as a short run of words ("small red striped circle")
 * rather than as one vector that must superpose all of them; a small language model reads the
 * former and not the latter (the shapes-tiny README, issue 19). The file says k: the second
 * layer's rows are k times the first's.
 */
public final class Projector {

    public static final String W1 = "model.0.weight", B1 = "model.0.bias", W2 = "model.2.weight", B2 = "model.2.bias";
    private static final String WHAT = "projector";

    private final int visionDim;
    private final int textDim;
    private final int tokensPerCell;
    private final Parameters params;
    private final Linear first;
    private final Linear second;

    /**
     * A projector with PyTorch's default Linear initialisation drawn from {@code seed}, its
     * parameters on {@code manager} (which the caller keeps and closes).
     */
    public Projector(NDManager manager, int visionDim, int textDim, long seed) {
        this(manager, visionDim, textDim, 1, seed);
    }

    /** As above, every vision token becoming {@code tokensPerCell} language-model tokens. */
    public Projector(NDManager manager, int visionDim, int textDim, int tokensPerCell, long seed) {
        if (tokensPerCell < 1) {
            throw new IllegalArgumentException("tokensPerCell must be at least 1, got " + tokensPerCell);
        }
        this.visionDim = visionDim;
        this.textDim = textDim;
        this.tokensPerCell = tokensPerCell;
        this.params = new Parameters(manager, seed);
        this.first = new Linear(params, "model.0", visionDim, textDim);
        this.second = new Linear(params, "model.2", textDim, (long) textDim * tokensPerCell);
    }

    /**
     * A projector read from its safetensors file ({@code model.0.*}, {@code model.2.*}), its sizes
     * taken from the first weight, on {@code manager}; every name and shape is checked.
     */
    public static Projector read(Path file, NDManager manager) throws IOException {
        long[] shape;
        long secondRows = -1;
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            if (!f.names().contains(W1)) {
                throw new IOException(file + " is not a projector: it has no " + W1);
            }
            shape = f.info(W1).shape();
            if (f.names().contains(W2)) {
                secondRows = f.info(W2).shape()[0];
            }
        }
        int perCell = 1;
        if (secondRows > 0) {
            if (secondRows % shape[0] != 0) {
                throw new IOException(file + ": " + W2 + " has " + secondRows + " rows, not a multiple of the "
                        + shape[0] + " of " + W1 + " (one block of rows per token of a cell)");
            }
            perCell = (int) (secondRows / shape[0]);
        }
        Projector p = new Projector(manager, (int) shape[1], (int) shape[0], perCell, 0);
        p.load(file);
        return p;
    }

    /** Width of the tokens it reads (the image-token map's channels). */
    public int visionDim() {
        return visionDim;
    }

    /** Width of the language model embeddings it maps to. */
    public int textDim() {
        return textDim;
    }

    /** How many language-model tokens each vision token becomes (1 in the reference). */
    public int tokensPerCell() {
        return tokensPerCell;
    }

    /**
     * [..., N, visionDim] -> [..., N * tokensPerCell, textDim]: cell i's tokens are rows
     * i * tokensPerCell ... i * tokensPerCell + tokensPerCell - 1. With one token per cell any leading
     * shape is taken, [..., visionDim] -> [..., textDim].
     */
    public NDArray forward(NDArray tokens) {
        Shape in = tokens.getShape();
        long last = in.get(in.dimension() - 1);
        if (last != visionDim) {
            throw new IllegalArgumentException("projector expects " + visionDim + "-wide tokens, got " + in);
        }
        NDArray out = second.forward(NonLinearity.GELU.apply(first.forward(tokens)));   // [..., N, k * D]
        if (tokensPerCell == 1) {
            return out;
        }
        if (in.dimension() < 2) {
            throw new IllegalArgumentException("a projector with " + tokensPerCell + " tokens per cell needs [..., N, "
                    + visionDim + "] tokens, got " + in);
        }
        long[] dims = in.getShape().clone();                                             // Shape hands out its own array
        dims[dims.length - 2] = dims[dims.length - 2] * tokensPerCell;
        dims[dims.length - 1] = textDim;
        return out.reshape(new Shape(dims));                                             // [..., N * k, D]
    }

    /**
     * A projector with {@code k} tokens per cell that starts as this one-token projector does: its
     * second layer repeated k times, so each of a cell's k tokens is at first the old token, and
     * training moves them apart. Parameters on {@code manager}.
     */
    public Projector withTokensPerCell(int k, NDManager manager) {
        if (tokensPerCell != 1) {
            throw new IllegalArgumentException("only a one-token-per-cell projector can be widened; this one has "
                    + tokensPerCell);
        }
        Projector wide = new Projector(manager, visionDim, textDim, k, 0);
        Map<String, NDArray> from = parameters(), to = wide.parameters();
        to.get(W1).set(from.get(W1).toFloatArray());
        to.get(B1).set(from.get(B1).toFloatArray());
        to.get(W2).set(repeated(from.get(W2), k).toFloatArray());                      // [k * D, D]
        to.get(B2).set(repeated(from.get(B2), k).toFloatArray());                      // [k * D]
        return wide;
    }

    /** {@code k} copies of {@code a} one after another along its first axis (the engine has no tile). */
    private static NDArray repeated(NDArray a, int k) {
        NDList copies = new NDList();
        for (int i = 0; i < k; i++) {
            copies.add(a);
        }
        return NDArrays.concat(copies, 0);
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
