package org.refvlm.it.dotmask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Conv2d;
import org.refvlm.nn.ConvOptions;
import org.refvlm.nn.Init;
import org.refvlm.nn.Linear;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Scalars;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.RealQueries;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.support.DecoderFolder;
import org.refvlm.spi.support.MaskCost;
import org.refvlm.spi.support.MaskDecoding;
import org.refvlm.spi.support.MaskGrid;
import org.refvlm.spi.support.MaskLosses;
import org.refvlm.spi.support.Matching;
import org.refvlm.spi.support.TargetEncoding;
import org.refvlm.spi.support.TargetMatcher;
import org.refvlm.tensor.safetensors.SafetensorsWriter;

/**
 * A small mask decoder written against the SPI and the layer kit only, as a third party would:
 * each {@code <REF>} embedding goes through a Linear layer to a {@code dModel}-wide vector, each
 * pixel of one pyramid level through a 1x1 convolution to the same width, and the mask logit of a
 * reference at a pixel is their scaled dot product plus a learned bias: {@code [B, L, H, W]} on the
 * padded square the encoders saw.
 *
 * <ul>
 * <li>{@link #decode}: the platform's {@link MaskDecoding} (bilinear to the square, cut to the image,
 * threshold at probability 0.5, COCO RLE).</li>
 * <li>{@link #loss}: grouped Hungarian matching ({@link TargetMatcher}, a reference competes only for
 * the targets of its own phrase) on the focal + dice {@link MaskCost}, then BCE + dice
 * ({@link MaskLosses}) of every matched pair against the target on the logit grid
 * ({@link MaskGrid#nearest}), padding cells excluded, divided by the number of targets.</li>
 * </ul>
 */
public final class DotMaskDecoder implements TrainableDecoder {

    /** The decoder kind: factory property, folder loader PID suffix, recipe {@code "kind"}. */
    public static final String KIND = "dotmask";

    private static final String WHAT = "dotmask decoder";
    /** Matching cost weights (Mask2Former's): focal is per pixel and small, so it weighs more. */
    private static final double FOCAL_COST = 20, DICE_COST = 1;

    private final DotMaskConfig config;
    private final Parameters params;
    private final Linear query;
    private final Conv2d pixel;
    private final TargetMatcher matcher = new TargetMatcher();

    public DotMaskDecoder(DotMaskConfig config, NDManager parent, long seed) {
        this.config = config;
        this.params = new Parameters(parent.newSubManager(), seed);
        this.query = new Linear(params, "query", config.queryInputDim(), config.dModel());
        this.pixel = new Conv2d(params, "pixel", config.featureDim(), config.dModel(), ConvOptions.kernel(1));
        params.declare("mask.bias", new Shape(1), Init.zeros());
    }

    /** Reads a decoder folder written by {@link #saveFolder}. */
    public static DotMaskDecoder loadFolder(Path dir, NDManager parent) throws IOException {
        return DecoderFolder.load(dir, DotMaskConfig.class, c -> new DotMaskDecoder(c, parent, 0));
    }

    @Override
    public DotMaskConfig config() {
        return config;
    }

    @Override
    public DecoderSpec spec() {
        return new DecoderSpec(config.queryInputDim(), config.numQueries(), List.of(config.featureLevel()));
    }

    @Override
    public void train(boolean on) {
        // no dropout or other training-only behaviour: nothing to switch
    }

    /** Mask logits {@code [B, L, H, W]} at the feature level's resolution, on the padded square. */
    public NDArray maskLogits(DecoderInput input) {
        NDArray f = input.feature(config.featureLevel(), config.featureDim());               // [B, C, H, W]
        long b = f.getShape().get(0), h = f.getShape().get(2), w = f.getShape().get(3);
        long l = input.queries().getShape().get(1);
        NDArray queries = query.forward(input.queries());                                   // [B, L, d]
        NDArray pixels = pixel.forward(f).reshape(b, config.dModel(), h * w);              // [B, d, HW]
        NDArray dot = Scalars.mul(queries.matMul(pixels), 1 / Math.sqrt(config.dModel()));  // [B, L, HW]
        return dot.add(params.get("mask.bias")).reshape(b, l, h, w);
    }

    @Override
    public List<List<DecodedUnit>> decode(DecoderInput input) {
        RealQueries real = input.realQueries();
        List<List<DecodedUnit>> out = new ArrayList<>();
        try (NDScope scope = new NDScope()) { // closes every intermediate array
            NDArray logits = maskLogits(input);                                             // [B, L, H, W]
            for (int b = 0; b < input.batchSize(); b++) {
                List<DecodedUnit> sample = new ArrayList<>();
                for (int slot : real.slots(b)) {
                    NDArray one = logits.get(new NDIndex("{}, {}:{}", b, slot, slot + 1));  // [1, H, W]
                    sample.addAll(MaskDecoding.toMasks(one, input.frames().get(b), 0));
                }
                out.add(List.copyOf(sample));
            }
            scope.suppressNotUsedWarning();
        }
        return out;
    }

    @Override
    public NDArray loss(DecoderInput input, List<TargetGroup> groups) {
        input.checkTargets(groups);
        NDArray logits = maskLogits(input);                                                 // [B, L, H, W]
        int h = (int) logits.getShape().get(2), w = (int) logits.getShape().get(3);
        List<ImageFrame> frames = input.frames();
        TargetEncoding masks = new TargetEncoding() {
            @Override
            public int width() {
                return h * w;
            }

            @Override
            public float[] encode(DecodedUnit target, int sample) {
                if (!(target instanceof MaskUnit mask)) {
                    throw new IllegalArgumentException(WHAT + " needs mask targets, got a '" + target.unit() + "'");
                }
                return MaskGrid.nearest(mask.mask(), frames.get(sample), h, w);
            }
        };
        Matching matched = matcher.match(logits, groups, masks,
                new MaskCost(FOCAL_COST, DICE_COST, b -> MaskGrid.nearestValid(frames.get(b), h, w)));
        if (matched.size() == 0) {
            return Scalars.zeroLike(logits);                                                // still a function of every parameter
        }
        int k = matched.size();
        float[] valid = new float[k * h * w];
        for (int i = 0; i < k; i++) {
            ImageFrame frame = frames.get(groups.get(matched.groups()[i]).batchIndex());
            System.arraycopy(MaskGrid.nearestValid(frame, h, w), 0, valid, i * h * w, h * w);
        }
        NDManager m = logits.getManager();
        NDArray pred = matched.gather(logits).reshape(k, (long) h * w);                     // [K, P]
        NDArray y = matched.targetTensor(m);                                                // [K, P]
        NDArray v = Constants.of(m, valid, new Shape(k, (long) h * w));                     // [K, P]
        NDArray perTarget = MaskLosses.bce(pred, y, v).add(MaskLosses.dice(pred, y, v));    // [K]
        return Scalars.div(perTarget.sum(), matched.totalTargets());
    }

    @Override
    public Map<String, NDArray> parameters() {
        return params.asMap();
    }

    @Override
    public void save(Path file) throws IOException {
        params.save(file, SafetensorsWriter.metadata("format", "pt", "refvlm.decoder", KIND));
    }

    @Override
    public void saveFolder(Path dir) throws IOException {
        DecoderFolder.write(dir, config, this);
    }

    /** In place, names and shapes checked first. */
    @Override
    public void load(Path file) throws IOException {
        params.load(file, WHAT);
    }

    @Override
    public void close() {
        matcher.close();
        params.close();
    }
}
