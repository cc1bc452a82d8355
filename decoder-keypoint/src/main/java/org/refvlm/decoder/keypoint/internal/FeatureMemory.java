package org.refvlm.decoder.keypoint.internal;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.refvlm.nn.Linear;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Resize;
import org.refvlm.nn.SinePositionEncoding;
import org.refvlm.spi.DecoderInput;

/**
 * The cross-attention memory: each pyramid level projected to {@code dModel} on its own grid
 * ({@code input_proj.<i>}, a 1x1 convolution written as a Linear over cells), brought to the first
 * (finest) level's grid bilinearly, and summed; flattened in raster order, with the 2-D sine
 * encoding of that grid as its position. Projecting before resizing means the coarse levels are
 * upsampled at {@code dModel} channels instead of their own, wider ones (ConvNeXt's stride-32 stage
 * is 1536 wide), and the sum equals one projection of the concatenated levels.
 */
public final class FeatureMemory {

    /**
     * @param tokens   [B, N, d] the memory, N = height x width in raster order
     * @param position [N, d] its position encoding
     */
    public record Memory(NDArray tokens, NDArray position, int height, int width) {
    }

    private final List<String> levels;
    private final List<Integer> channels;
    private final Linear[] projections;
    private final int dModel;

    public FeatureMemory(Parameters params, List<String> levels, List<Integer> channels, int dModel) {
        this.levels = List.copyOf(levels);
        this.channels = List.copyOf(channels);
        this.dModel = dModel;
        this.projections = new Linear[levels.size()];
        for (int i = 0; i < projections.length; i++) {
            projections[i] = new Linear(params, "input_proj." + i, channels.get(i), dModel);
        }
    }

    public Memory build(DecoderInput input) {
        NDArray sum = null;
        int height = -1;
        int width = -1;
        for (int i = 0; i < levels.size(); i++) {
            NDArray map = input.feature(levels.get(i), channels.get(i));                     // [B, C_i, H_i, W_i]
            long b = map.getShape().get(0);
            int h = (int) map.getShape().get(2);
            int w = (int) map.getShape().get(3);
            if (i == 0) {
                height = h;
                width = w;
            }
            NDArray cells = map.reshape(b, channels.get(i), (long) h * w).transpose(0, 2, 1); // [B, H_i W_i, C_i]
            NDArray projected = projections[i].forward(cells)                               // [B, H_i W_i, d]
                    .transpose(0, 2, 1).reshape(b, dModel, h, w);                           // [B, d, H_i, W_i]
            NDArray resized = Resize.bilinear(projected, height, width);                    // [B, d, H, W]
            sum = sum == null ? resized : sum.add(resized);
        }
        long b = sum.getShape().get(0);
        NDArray tokens = sum.reshape(b, dModel, (long) height * width).transpose(0, 2, 1);  // [B, N, d]
        NDArray position = SinePositionEncoding.grid(tokens.getManager(), height, width, dModel)
                .toType(tokens.getDataType(), false);                                       // [N, d]
        return new Memory(tokens, position, height, width);
    }
}
