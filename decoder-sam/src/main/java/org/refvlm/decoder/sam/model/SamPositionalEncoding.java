package org.refvlm.decoder.sam.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Init;
import org.refvlm.nn.MatMul;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Scalars;

/**
 * SAM's random Fourier position encoding, shared by the prompt encoder (points, box corners) and
 * the image-wide encoding of the embedding grid: a coordinate (x, y) on [0, 1] maps to
 * {@code [sin 2 pi (2p - 1) G, cos 2 pi (2p - 1) G]} with the fixed Gaussian matrix
 * {@code shared_image_embedding.positional_embedding [2, C/2]}.
 */
final class SamPositionalEncoding {

    static final String NAME = "shared_image_embedding.positional_embedding";

    private final Parameters params;

    SamPositionalEncoding(Parameters params, SamConfig.Vision c) {
        this.params = params;
        // transformers draws it as (hidden_size / 2) x N(0, 1); SAM's original as N(0, 1): only the spread differs
        params.declare(NAME, new Shape(2, c.numPosFeats()), Init.normal(1));
    }

    /** coordinates [..., 2] as (x, y) on [0, 1] -> [..., C] */
    NDArray encode(NDArray unit) {
        NDArray centred = Scalars.mul(unit, 2).sub(1f);                                   // [..., 2] on [-1, 1]
        NDArray projected = Scalars.mul(MatMul.of(centred, params.get(NAME)), 2 * Math.PI); // [..., C/2]
        return NDArrays.concat(new ai.djl.ndarray.NDList(projected.sin(), projected.cos()), -1);
    }

    /** The encoding of every embedding cell's centre: [1, C, g, g]. */
    NDArray imageWide(NDManager manager, int g) {
        float[] centres = new float[g * g * 2];
        for (int y = 0; y < g; y++) {
            for (int x = 0; x < g; x++) {
                centres[(y * g + x) * 2] = (x + 0.5f) / g;
                centres[(y * g + x) * 2 + 1] = (y + 0.5f) / g;
            }
        }
        NDArray grid = Constants.of(manager, centres, new Shape(g, g, 2));              // [g, g, 2] (x, y)
        return encode(grid).transpose(2, 0, 1).expandDims(0);                            // [1, C, g, g]
    }
}
