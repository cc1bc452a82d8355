package org.refvlm.decoder.detr.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.refvlm.nn.Linear;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Resize;
import org.refvlm.nn.SinePositionEncoding;
import org.refvlm.spi.DecoderInput;

/**
 * The cross-attention memory: the chosen pyramid levels brought to the first level's grid
 * (bilinear), concatenated on channels, flattened in raster order and projected to {@code dModel}
 * by {@code input_proj}; with the 2-D sine encoding of that grid as the memory's position.
 */
public final class PyramidMemory {

    /**
     * @param tokens   [B, N, d] projected memory, N = height x width in raster order
     * @param position [N, d] its position encoding
     */
    public record Memory(NDArray tokens, NDArray position, int height, int width) {
    }

    private final List<String> levels;
    private final List<Integer> channels;
    private final Linear projection;
    private final int dModel;

    public PyramidMemory(Parameters params, List<String> levels, List<Integer> channels, int inputDim, int dModel) {
        this.levels = List.copyOf(levels);
        this.channels = List.copyOf(channels);
        this.projection = new Linear(params, "input_proj", inputDim, dModel);
        this.dModel = dModel;
    }

    public Memory build(DecoderInput input) {
        NDList maps = new NDList(levels.size());
        int height = -1;
        int width = -1;
        for (int i = 0; i < levels.size(); i++) {
            NDArray map = input.feature(levels.get(i), channels.get(i));                  // [B, C_i, H_i, W_i]
            if (i == 0) {
                height = (int) map.getShape().get(2);
                width = (int) map.getShape().get(3);
            }
            maps.add(Resize.bilinear(map, height, width));                               // [B, C_i, H, W]
        }
        NDArray stacked = maps.size() == 1 ? maps.get(0) : NDArrays.concat(maps, 1);    // [B, sum C, H, W]
        Shape s = stacked.getShape();
        NDArray flat = stacked.reshape(s.get(0), s.get(1), (long) height * width).transpose(0, 2, 1); // [B, N, sum C]
        NDArray tokens = projection.forward(flat);                                     // [B, N, d]
        NDArray position = SinePositionEncoding.grid(tokens.getManager(), height, width, dModel)
                .toType(tokens.getDataType(), false);                                  // [N, d]
        return new Memory(tokens, position, height, width);
    }
}
