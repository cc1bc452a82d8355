package org.refvlm.decoder.groundingdino.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.decoder.groundingdino.model.GroundingDinoConfig.SwinConfig;
import org.refvlm.nn.Conv2d;
import org.refvlm.nn.ConvOptions;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.Linear;
import org.refvlm.nn.Parameters;

/**
 * The Swin Transformer backbone as transformers' {@code SwinBackbone} runs it inside Grounding
 * DINO (names under {@code model.backbone.conv_encoder.model.}): patch embedding, stages of
 * window-attention blocks (every second block with shifted windows), patch merging between
 * stages, and a layer norm on each stage output the encoder reads, taken before that stage's
 * patch merging. Windows larger than a stage's grid shrink to it and stop shifting, as in Swin.
 */
final class SwinBackbone {

    static final String PREFIX = "model.backbone.conv_encoder.model.";

    private final SwinConfig config;
    private final Conv2d patch;
    private final LayerNorm patchNorm;
    private final List<List<SwinBlock>> stages = new ArrayList<>();
    private final List<LayerNorm> mergeNorms = new ArrayList<>();
    private final List<Linear> mergeReductions = new ArrayList<>();
    private final List<LayerNorm> outNorms = new ArrayList<>();

    SwinBackbone(Parameters params, SwinConfig config) {
        this.config = config;
        float eps = (float) config.eps();
        this.patch = new Conv2d(params, PREFIX + "embeddings.patch_embeddings.projection", 3, config.embedDim(),
                ConvOptions.kernel(config.patchSize()).stride(config.patchSize()));
        this.patchNorm = new LayerNorm(params, PREFIX + "embeddings.norm", config.embedDim(), eps);
        int stageCount = config.depths().size();
        for (int s = 0; s < stageCount; s++) {
            int dim = config.stageDim(s + 1);
            List<SwinBlock> blocks = new ArrayList<>();
            for (int i = 0; i < config.depths().get(s); i++) {
                blocks.add(new SwinBlock(params, PREFIX + "encoder.layers." + s + ".blocks." + i + ".", dim,
                        config.heads().get(s), config.builtWindow(s + 1), i % 2 == 0 ? 0 : config.window() / 2,
                        config.mlpRatio(), eps));
            }
            stages.add(blocks);
            if (s < stageCount - 1) {
                String p = PREFIX + "encoder.layers." + s + ".downsample.";
                mergeNorms.add(new LayerNorm(params, p + "norm", 4L * dim, eps));
                mergeReductions.add(new Linear(params, p + "reduction", 4L * dim, 2L * dim, false));
            }
        }
        for (int stage : config.outStages()) {
            outNorms.add(new LayerNorm(params, PREFIX + "hidden_states_norms.stage" + stage, config.stageDim(stage), eps));
        }
        // In every transformers checkpoint (the SwinModel's final norm) but not on the backbone's path.
        new LayerNorm(params, PREFIX + "swin.layernorm", config.stageDim(stageCount), eps);
    }

    /**
     * @param pixels [B, 3, H, W], normalised as the processor does
     * @param free   whether each block's intermediates are freed when it is done (inference only)
     * @return one map [B, C_s, H_s, W_s] per configured out stage, in order
     */
    List<NDArray> forward(NDArray pixels, boolean free) {
        int ps = config.patchSize();
        NDArray x = Padding.bottomRight(pixels, pad(pixels.getShape().get(2), ps), pad(pixels.getShape().get(3), ps));
        x = patch.forward(x);                                                                   // [B, C, h, w]
        long b = x.getShape().get(0);
        long c = x.getShape().get(1);
        int h = (int) x.getShape().get(2);
        int w = (int) x.getShape().get(3);
        x = patchNorm.forward(x.reshape(b, c, (long) h * w).transpose(0, 2, 1));              // [B, h*w, C]
        List<NDArray> maps = new ArrayList<>();
        for (int s = 0; s < stages.size(); s++) {
            for (SwinBlock block : stages.get(s)) {
                NDArray in = x;
                int hh = h;
                int ww = w;
                x = GroundingDino.scoped(free, () -> new NDArray[] {block.forward(in, hh, ww)})[0];
            }
            int out = config.outStages().indexOf(s + 1);
            if (out >= 0) {
                NDArray normed = outNorms.get(out).forward(x);                                 // [B, h*w, C]
                maps.add(normed.reshape(b, h, w, -1).transpose(0, 3, 1, 2));                  // [B, C, h, w]
            }
            if (s < stages.size() - 1) {
                x = merge(x, h, w, s);
                h = (h + 1) / 2;
                w = (w + 1) / 2;
            }
        }
        return maps;
    }

    /** Patch merging: each 2x2 neighbourhood's channels concatenated, normed, halved. [B, h*w, C] -> [B, h*w/4, 2C] */
    private NDArray merge(NDArray x, int h, int w, int stage) {
        long b = x.getShape().get(0);
        long c = x.getShape().get(2);
        NDArray grid = Padding.bottomRight(x.reshape(b, h, w, c).transpose(0, 3, 1, 2), h % 2, w % 2)
                .transpose(0, 2, 3, 1);                                                          // [B, h', w', C]
        int h2 = (h + 1) / 2;
        int w2 = (w + 1) / 2;
        // Swin concatenates (row 0, col 0), (row 1, col 0), (row 0, col 1), (row 1, col 1): column-major in the 2x2
        NDArray cells = grid.reshape(b, h2, 2, w2, 2, c).transpose(0, 1, 3, 4, 2, 5)
                .reshape(b, (long) h2 * w2, 4 * c);                                              // [B, h2*w2, 4C]
        return mergeReductions.get(stage).forward(mergeNorms.get(stage).forward(cells));
    }

    private static int pad(long size, int multiple) {
        return (int) ((multiple - size % multiple) % multiple);
    }

    /** One Swin block: (shifted) window attention with relative position bias, then an MLP; pre-norm. */
    private static final class SwinBlock {
        private final int heads;
        private final int window;
        private final int shift;
        private final String prefix;
        private final Parameters params;
        private final LayerNorm before;
        private final LayerNorm after;
        private final NamedAttention attention;
        private final Linear fc1;
        private final Linear fc2;

        SwinBlock(Parameters params, String prefix, int dim, int heads, int window, int shift, double mlpRatio,
                  float eps) {
            this.params = params;
            this.prefix = prefix;
            this.heads = heads;
            this.window = window;
            this.shift = shift;
            this.before = new LayerNorm(params, prefix + "layernorm_before", dim, eps);
            this.after = new LayerNorm(params, prefix + "layernorm_after", dim, eps);
            this.attention = new NamedAttention(params, prefix, NamedAttention.BERT, dim, heads);
            params.declare(prefix + "attention.self.relative_position_bias_table",
                    new Shape((2L * window - 1) * (2L * window - 1), heads), org.refvlm.nn.Init.normal(0.02));
            int hidden = (int) (mlpRatio * dim);
            this.fc1 = new Linear(params, prefix + "intermediate.dense", dim, hidden);
            this.fc2 = new Linear(params, prefix + "output.dense", hidden, dim);
        }

        /** [B, h*w, C] -> [B, h*w, C] */
        NDArray forward(NDArray x, int h, int w) {
            int win = window;
            int sh = shift;
            if (Math.min(h, w) <= win) {
                win = Math.min(h, w);
                sh = 0;
            }
            if (win != window) {
                // the checkpoint's bias table covers offsets of its own window only (transformers fails here too)
                throw new IllegalArgumentException(prefix + ": a " + h + "x" + w + " grid needs a " + win
                        + "-wide window but this Swin was built for " + window + " (backbone image_size too large for "
                        + "this image; use a larger image)");
            }
            long b = x.getShape().get(0);
            long c = x.getShape().get(2);
            int hp = h + pad(h, win);
            int wp = w + pad(w, win);
            NDArray grid = before.forward(x).reshape(b, h, w, c).transpose(0, 3, 1, 2);      // [B, C, h, w]
            grid = Padding.bottomRight(grid, hp - h, wp - w).transpose(0, 2, 3, 1);          // [B, hp, wp, C]
            if (sh > 0) {
                grid = Padding.roll(grid, -sh, -sh);
            }
            long nw = (long) (hp / win) * (wp / win);
            int n = win * win;
            NDArray windows = grid.reshape(b, hp / win, win, wp / win, win, c).transpose(0, 1, 3, 2, 4, 5)
                    .reshape(b * nw, n, c);                                                       // [B*nW, n, C]
            NDManager m = x.getManager();
            NDArray bias = relativeBias(m, win).expandDims(0);                                   // [1, h, n, n]
            if (sh > 0) {
                NDArray mask = WindowMasks.shifted(m, hp, wp, win, sh);                          // [nW, n, n]
                bias = mask.tile(new long[] {b, 1, 1}).expandDims(1).add(bias);                  // [B*nW, h, n, n]
            }
            NDArray attended = attention.forward(windows, windows, windows, bias);              // [B*nW, n, C]
            NDArray back = attended.reshape(b, hp / win, wp / win, win, win, c).transpose(0, 1, 3, 2, 4, 5)
                    .reshape(b, hp, wp, c);                                                       // [B, hp, wp, C]
            if (sh > 0) {
                back = Padding.roll(back, sh, sh);
            }
            if (hp != h || wp != w) {
                back = back.get(":, :{}, :{}, :", h, w);
            }
            NDArray y = x.add(back.reshape(b, (long) h * w, c));
            NDArray mlp = fc2.forward(org.refvlm.nn.NonLinearity.gelu(fc1.forward(after.forward(y))));
            return y.add(mlp);
        }

        /** The bias table read at every (query, key) offset of a {@code win x win} window: [h, n, n]. */
        private NDArray relativeBias(NDManager m, int win) {
            NDArray table = params.get(prefix + "attention.self.relative_position_bias_table");  // [(2W-1)^2, h]
            int n = win * win;
            int side = 2 * win - 1;
            long[] index = new long[n * n * heads];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int dy = i / win - j / win + win - 1;
                    int dx = i % win - j % win + win - 1;
                    for (int k = 0; k < heads; k++) {
                        index[(i * n + j) * heads + k] = (long) dy * side + dx;
                    }
                }
            }
            NDArray idx = org.refvlm.nn.Constants.owned(m.create(index, new Shape((long) n * n, heads)));
            NDArray picked = WindowMasks.gatherRows(table, idx);                                  // [n*n, h]
            return picked.reshape(n, n, heads).transpose(2, 0, 1);
        }
    }
}
