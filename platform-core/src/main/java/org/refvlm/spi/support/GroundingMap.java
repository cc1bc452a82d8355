package org.refvlm.spi.support;

import ai.djl.ndarray.NDArray;
import org.refvlm.nn.Linear;
import org.refvlm.nn.MatMul;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Scalars;

/**
 * How strongly each query claims each memory cell: a scaled dot product of the projected query
 * and the cell's key (content plus position). The scores serve twice: as a bias added to every
 * layer's cross-attention logits (a soft form of Mask2Former's masked attention, so the layers
 * read the cells the query is about), and as a map the {@link GroundingMapLoss} trains directly.
 */
public final class GroundingMap {

    private final Linear query;
    private final Linear memory;
    private final double scale;

    public GroundingMap(Parameters params, String prefix, int dModel) {
        this.query = new Linear(params, prefix + ".query", dModel, dModel);
        this.memory = new Linear(params, prefix + ".memory", dModel, dModel);
        this.scale = 1 / Math.sqrt(dModel);
    }

    /**
     * The cells' side of the scores: it depends on the memory alone, so a decoder that scores the
     * cells again after every layer projects them once.
     *
     * @param keys [B, N, d] memory cells with their position
     * @return [B, d, N] the projected keys, transposed for {@link #scores}
     */
    public NDArray cells(NDArray keys) {
        return memory.forward(keys).transpose(0, 2, 1);                           // [B, d, N]
    }

    /**
     * @param queries [B, L, d] projected queries
     * @param cells   [B, d, N] the memory cells as {@link #cells} gives them
     * @return [B, L, N] scores
     */
    public NDArray scores(NDArray queries, NDArray cells) {
        NDArray q = Scalars.mul(query.forward(queries), scale);                   // [B, L, d]
        return MatMul.of(q, cells);                                                   // [B, L, N]
    }
}
