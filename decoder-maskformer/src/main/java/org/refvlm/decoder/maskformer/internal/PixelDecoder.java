package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.decoder.maskformer.MaskFormerDecoderConfig;
import org.refvlm.nn.Conv2d;
import org.refvlm.nn.ConvOptions;
import org.refvlm.nn.GroupNorm;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Resize;

/**
 * MaskFormer's FPN pixel decoder: a 3x3 stem on the coarse map, then for each lateral level
 * from coarse to fine a 1x1 lateral projection added to the nearest-upsampled running map and
 * fused by a 3x3 convolution; a last 3x3 convolution gives the per-pixel mask embeddings at
 * the finest lateral's resolution. Convolutions followed by GroupNorm have no bias (the norm's
 * shift replaces it), as in HF's {@code MaskFormerFPNConvLayer}.
 */
public final class PixelDecoder {

    /** A convolution, its GroupNorm and whether a ReLU follows: {@code <prefix>.conv}, {@code <prefix>.norm}. */
    private record ConvNorm(Conv2d conv, GroupNorm norm, boolean relu) {
        ConvNorm(Parameters p, String prefix, long in, long out, int kernel, int groups, boolean relu) {
            this(new Conv2d(p, prefix + ".conv", in, out, ConvOptions.kernel(kernel).padding(kernel / 2).noBias()),
                    new GroupNorm(p, prefix + ".norm", groups, out), relu);
        }

        NDArray forward(NDArray x) {
            NDArray y = norm.forward(conv.forward(x));
            return relu ? Activation.relu(y) : y;
        }
    }

    private final ConvNorm stem;
    private final List<ConvNorm> laterals = new ArrayList<>();
    private final List<ConvNorm> fuses = new ArrayList<>();
    private final Conv2d maskProjection;

    public PixelDecoder(Parameters p, MaskFormerDecoderConfig c) {
        int d = c.dModel(), g = c.normGroups();
        this.stem = new ConvNorm(p, "pixel_decoder.stem", c.stemDim(), d, 3, g, true);
        for (int i = 0; i < c.lateralDims().size(); i++) {
            laterals.add(new ConvNorm(p, "pixel_decoder.lateral." + i, c.lateralDims().get(i), d, 1, g, false));
            fuses.add(new ConvNorm(p, "pixel_decoder.fuse." + i, d, d, 3, g, true));
        }
        this.maskProjection = new Conv2d(p, "pixel_decoder.mask_projection", d, d, ConvOptions.kernel(3).padding(1));
    }

    /**
     * @param stem     [B, Cs, h, w] the coarse map
     * @param laterals per lateral level, finest first, [B, Ci, hi, wi]
     * @return pixel embeddings [B, d, H, W] at the finest lateral's size
     */
    public NDArray forward(NDArray stemMap, List<NDArray> lateralMaps) {
        NDArray x = stem.forward(stemMap);                                              // [B, d, h, w]
        for (int i = lateralMaps.size() - 1; i >= 0; i--) {
            NDArray lateral = laterals.get(i).forward(lateralMaps.get(i));              // [B, d, hi, wi]
            long hi = lateral.getShape().get(2), wi = lateral.getShape().get(3);
            x = fuses.get(i).forward(lateral.add(Resize.nearest(x, (int) hi, (int) wi)));
        }
        return maskProjection.forward(x);                                               // [B, d, H, W]
    }
}
