package org.refvlm.decoder.detr.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;

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
    private final Dense projection;
    private final SinePositionEncoding encoding;

    public PyramidMemory(Weights weights, List<String> levels, List<Integer> channels, int inputDim, int dModel) {
        this.levels = List.copyOf(levels);
        this.channels = List.copyOf(channels);
        this.projection = new Dense(weights, "input_proj", inputDim, dModel);
        this.encoding = new SinePositionEncoding(dModel);
    }

    public Memory build(Map<String, NDArray> features) {
        NDList maps = new NDList(levels.size());
        int height = -1;
        int width = -1;
        for (int i = 0; i < levels.size(); i++) {
            NDArray map = asGrid(levels.get(i), features.get(levels.get(i)));  // [B, C_i, H_i, W_i]
            if (map.getShape().get(1) != channels.get(i)) {
                throw new IllegalArgumentException("feature level '" + levels.get(i) + "' has " + map.getShape().get(1)
                        + " channels, the decoder was configured for " + channels.get(i));
            }
            if (i == 0) {
                height = (int) map.getShape().get(2);
                width = (int) map.getShape().get(3);
            }
            maps.add(BilinearResize.resize(map, height, width));               // [B, C_i, H, W]
        }
        NDArray stacked = maps.size() == 1 ? maps.get(0) : NDArrays.concat(maps, 1); // [B, sum C, H, W]
        Shape s = stacked.getShape();
        NDArray flat = stacked.reshape(s.get(0), s.get(1), (long) height * width).transpose(0, 2, 1); // [B, N, sum C]
        NDArray tokens = projection.forward(flat);                                 // [B, N, d]
        NDArray position = encoding.encode(tokens.getManager(), height, width)
                .toType(tokens.getDataType(), false);                              // [N, d]
        return new Memory(tokens, position, height, width);
    }

    /** [B, C, H, W] as is; a token map [B, N, C] becomes [B, C, sqrt N, sqrt N], as the reference reshapes ViT tokens. */
    private static NDArray asGrid(String level, NDArray map) {
        if (map == null) {
            throw new IllegalArgumentException("feature level '" + level + "' is missing from the decoder input");
        }
        Shape s = map.getShape();
        if (s.dimension() == 4) {
            return map;
        }
        if (s.dimension() == 3) {
            long side = Math.round(Math.sqrt(s.get(1)));
            if (side * side != s.get(1)) {
                throw new IllegalArgumentException("token map '" + level + "' " + s + " has a non-square token count");
            }
            return map.transpose(0, 2, 1).reshape(s.get(0), s.get(2), side, side);
        }
        throw new IllegalArgumentException("feature level '" + level + "' must be [B, C, H, W] or [B, N, C], got " + s);
    }
}
