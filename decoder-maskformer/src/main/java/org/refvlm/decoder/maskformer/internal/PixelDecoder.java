package org.refvlm.decoder.maskformer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.List;
import java.util.Map;
import org.refvlm.decoder.maskformer.MaskFormerDecoderConfig;
import org.refvlm.tensor.Nn;

/**
 * MaskFormer's FPN pixel decoder: a 3x3 stem on the coarse map, then for each lateral level
 * from coarse to fine a 1x1 lateral projection added to the nearest-upsampled running map and
 * fused by a 3x3 convolution; a last 3x3 convolution gives the per-pixel mask embeddings at
 * the finest lateral's resolution. Convolutions followed by GroupNorm have no bias (the norm's
 * shift replaces it), as in HF's {@code MaskFormerFPNConvLayer}.
 */
public final class PixelDecoder {

    private PixelDecoder() {
    }

    public static void declare(ParameterLayout layout, MaskFormerDecoderConfig c) {
        int d = c.dModel();
        layout.conv("pixel_decoder.stem.conv", c.stemDim(), d, 3, false);
        layout.norm("pixel_decoder.stem.norm", d);
        for (int i = 0; i < c.lateralDims().size(); i++) {
            layout.conv("pixel_decoder.lateral." + i + ".conv", c.lateralDims().get(i), d, 1, false);
            layout.norm("pixel_decoder.lateral." + i + ".norm", d);
            layout.conv("pixel_decoder.fuse." + i + ".conv", d, d, 3, false);
            layout.norm("pixel_decoder.fuse." + i + ".norm", d);
        }
        layout.conv("pixel_decoder.mask_projection", d, d, 3, true);
    }

    /**
     * @param stem     [B, Cs, h, w] the coarse map
     * @param laterals per lateral level, finest first, [B, Ci, hi, wi]
     * @return pixel embeddings E [B, d, H, W] at the finest lateral's size
     */
    public static NDArray apply(Map<String, NDArray> p, NDArray stem, List<NDArray> laterals, int groups) {
        NDArray x = convNormRelu(p, "pixel_decoder.stem", stem, 1, groups, true);     // [B, d, h, w]
        for (int i = laterals.size() - 1; i >= 0; i--) {
            NDArray lateral = convNormRelu(p, "pixel_decoder.lateral." + i, laterals.get(i), 0, groups, false);
            long hi = lateral.getShape().get(2), wi = lateral.getShape().get(3);
            NDArray merged = lateral.add(Resampling.nearest(x, (int) hi, (int) wi));    // [B, d, hi, wi]
            x = convNormRelu(p, "pixel_decoder.fuse." + i, merged, 1, groups, true);
        }
        return Nn.conv2d(x, p.get("pixel_decoder.mask_projection.weight"),
                p.get("pixel_decoder.mask_projection.bias"), 1, 1, 1);                 // [B, d, H, W]
    }

    private static NDArray convNormRelu(Map<String, NDArray> p, String prefix, NDArray x, int padding, int groups,
            boolean relu) {
        NDArray y = Nn.conv2d(x, p.get(prefix + ".conv.weight"), null, 1, padding, 1);
        y = GroupNorm.apply(y, p.get(prefix + ".norm.weight"), p.get(prefix + ".norm.bias"), groups);
        return relu ? Activation.relu(y) : y;
    }
}
