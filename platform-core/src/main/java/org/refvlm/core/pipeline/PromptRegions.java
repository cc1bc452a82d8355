package org.refvlm.core.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.refvlm.api.VisualPrompt;
import org.refvlm.core.vision.AggregationConfig;
import org.refvlm.core.vision.MaskGuidedAggregation;
import org.refvlm.core.vision.PromptRasterizer;
import org.refvlm.spi.ImageFrame;

/**
 * The visual prompts of one request (or training turn) as features, before the shared projector:
 * each prompt drawn as a mask on the ViT's square (discs and strokes sized for that square, see
 * {@link PipelineSettings#pointRadiusOn}), then pooled from the ViT's grid by mask-guided
 * aggregation. Requests and training build them here, so the model learns from exactly what it
 * is later asked with.
 */
public final class PromptRegions {

    private PromptRegions() {
    }

    /**
     * @param grid  [C, g, g] the ViT's patch features of the picture
     * @param side  the ViT's input side, where the prompts are drawn
     * @param frame where the original picture sits in that square
     * @return [Q, N, C] N = gridSide^2 tokens per prompt, in prompt order
     */
    public static NDArray aggregate(List<VisualPrompt> prompts, ImageFrame frame, int side, PipelineSettings settings,
            NDArray grid, NDManager manager) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no visual prompts to aggregate");
        }
        PromptRasterizer raster = new PromptRasterizer(side, settings.pointRadiusOn(side), settings.strokeRadiusOn(side));
        int q = prompts.size();
        boolean[] masks = new boolean[q * side * side];
        for (int i = 0; i < q; i++) {
            System.arraycopy(raster.rasterize(prompts.get(i), frame), 0, masks, i * side * side, side * side);
        }
        return new MaskGuidedAggregation(new AggregationConfig(settings.gridSide(), settings.temperature(), 1.0))
                .aggregate(grid, manager.create(masks, new Shape(q, side, side)));
    }
}
