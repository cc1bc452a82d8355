package org.refvlm.it.dotmask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.refvlm.api.CocoRle;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.core.matching.Assignment;
import org.refvlm.core.matching.GroupedAssignment;
import org.refvlm.core.matching.GroupedHungarianMatcher;
import org.refvlm.spi.DecoderFolder;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.tensor.Scalars;
import org.refvlm.tensor.safetensors.SafetensorsFile;
import org.refvlm.tensor.safetensors.SafetensorsWriter;
import org.refvlm.tensor.safetensors.WeightLoader;

/**
 * A small mask decoder: each {@code <REF>} embedding goes through a linear map to a
 * {@code dModel}-wide vector, each pixel of one pyramid level through a 1x1 projection to the same
 * width, and the mask logit of a reference at a pixel is their scaled dot product plus a bias:
 * {@code [B, L, H, W]} on the padded square the encoders saw.
 *
 * <ul>
 * <li>{@link #decode}: logits resized bilinearly to the square, cut to the image (its top-left
 * corner), thresholded at probability 0.5, encoded as COCO RLE.</li>
 * <li>{@link #loss}: grouped Hungarian matching (a reference competes only for the targets of its
 * own phrase) on the focal + dice cost, then sigmoid BCE + dice of every matched pair against the
 * target rasterised to the logit grid, padding pixels excluded, divided by the number of targets.</li>
 * </ul>
 *
 * <p>Constants inside the loss go through {@link Scalars} and engine-owned arrays: DJL 0.36's
 * {@code mul(Number)} and arrays wrapping Java data freed before backward corrupt gradients.
 * Parameters live in a sub-manager of the one given; {@link #close()} frees them.
 */
public final class DotMaskDecoder implements TrainableDecoder {

    /** The decoder kind: factory property, folder loader PID suffix, recipe {@code "kind"}. */
    public static final String KIND = "dotmask";

    private static final String WHAT = "dotmask decoder";
    /** Matching cost weights (Mask2Former's): focal is per pixel and small, so it weighs more. */
    private static final double FOCAL_COST = 20, DICE_COST = 1;
    /** Logit given to padding pixels for matching only: their focal and dice costs then vanish. */
    private static final float PADDING_LOGIT = -1e4f;

    private final DotMaskConfig config;
    private final NDManager manager;
    private final Map<String, Shape> shapes;
    private final GroupedHungarianMatcher matcher = new GroupedHungarianMatcher(GroupedAssignment.sequential());
    private volatile Map<String, NDArray> params;

    public DotMaskDecoder(DotMaskConfig config, NDManager parent, long seed) {
        this.config = config;
        this.manager = parent.newSubManager();
        int q = config.queryInputDim(), c = config.featureDim(), d = config.dModel();
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put("query.weight", new Shape(q, d));
        s.put("query.bias", new Shape(d));
        s.put("pixel.weight", new Shape(c, d));
        s.put("pixel.bias", new Shape(d));
        s.put("mask.bias", new Shape(1));
        this.shapes = Collections.unmodifiableMap(s);
        Random random = new Random(seed);
        Map<String, NDArray> p = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> {
            float[] values = new float[(int) shape.size()];
            if (name.endsWith(".weight")) {
                double std = 1 / Math.sqrt(shape.get(0));
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextGaussian() * std);
                }
            }
            p.put(name, owned(manager, values, shape, name));
        });
        this.params = Collections.unmodifiableMap(p);
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
        Map<String, NDArray> p = params;
        NDArray f = input.features().get(config.featureLevel());
        if (f == null || f.getShape().dimension() != 4 || f.getShape().get(1) != config.featureDim()) {
            throw new IllegalArgumentException(WHAT + " needs feature map '" + config.featureLevel() + "' as [B, "
                    + config.featureDim() + ", H, W], got " + (f == null ? "none" : f.getShape()));
        }
        long b = f.getShape().get(0), c = f.getShape().get(1), h = f.getShape().get(2), w = f.getShape().get(3);
        long l = input.queries().getShape().get(1);
        // Activations come first in every op, so results land in the caller's manager, not the parameters'.
        NDArray queries = input.queries().matMul(p.get("query.weight")).add(p.get("query.bias"));         // [B, L, d]
        NDArray pixels = f.reshape(b, c, h * w).transpose(0, 2, 1)
                .matMul(p.get("pixel.weight")).add(p.get("pixel.bias"));                                 // [B, HW, d]
        NDArray dot = queries.matMul(pixels.transpose(0, 2, 1));                                          // [B, L, HW]
        return Scalars.mul(dot, 1 / Math.sqrt(config.dModel())).add(p.get("mask.bias")).reshape(b, l, h, w);
    }

    @Override
    public List<List<DecodedUnit>> decode(DecoderInput input) {
        List<List<DecodedUnit>> out = new ArrayList<>();
        try (NDScope scope = new NDScope()) { // closes every intermediate array
            NDArray logits = maskLogits(input);
            int l = (int) logits.getShape().get(1), h = (int) logits.getShape().get(2), w = (int) logits.getShape().get(3);
            float[] all = logits.toFloatArray();
            boolean[] real = input.queryMask().toType(DataType.BOOLEAN, false).toBooleanArray();
            for (int b = 0; b < input.batchSize(); b++) {
                List<DecodedUnit> sample = new ArrayList<>();
                for (int q = 0; q < l; q++) {
                    if (real[b * l + q]) {
                        sample.add(toMask(all, (b * l + q) * h * w, h, w, input.frames().get(b)));
                    }
                }
                out.add(List.copyOf(sample));
            }
            scope.suppressNotUsedWarning();
        }
        return out;
    }

    /**
     * One {@code h x w} logit map (at {@code offset} in {@code logits}) as a mask of the original
     * image: bilinear sampling (PyTorch's {@code align_corners=False}) of the square's pixels that
     * lie in the image; a pixel is in the mask when its logit is positive (probability > 0.5).
     */
    static MaskUnit toMask(float[] logits, int offset, int h, int w, ImageFrame frame) {
        int width = frame.width(), height = frame.height(), side = frame.side();
        boolean[] mask = new boolean[width * height];
        double probabilities = 0;
        int area = 0;
        for (int y = 0; y < height; y++) {
            double sy = Math.max((y + 0.5) * h / side - 0.5, 0);
            int y0 = Math.min((int) sy, h - 1), y1 = Math.min(y0 + 1, h - 1);
            double fy = sy - y0;
            for (int x = 0; x < width; x++) {
                double sx = Math.max((x + 0.5) * w / side - 0.5, 0);
                int x0 = Math.min((int) sx, w - 1), x1 = Math.min(x0 + 1, w - 1);
                double fx = sx - x0;
                double top = logits[offset + y0 * w + x0] * (1 - fx) + logits[offset + y0 * w + x1] * fx;
                double bottom = logits[offset + y1 * w + x0] * (1 - fx) + logits[offset + y1 * w + x1] * fx;
                double logit = top * (1 - fy) + bottom * fy;
                if (logit > 0) {
                    mask[y * width + x] = true;
                    probabilities += 1 / (1 + Math.exp(-logit));
                    area++;
                }
            }
        }
        return new MaskUnit(CocoRle.encode(mask, height, width), area == 0 ? 0 : probabilities / area);
    }

    @Override
    public NDArray loss(DecoderInput input, List<TargetGroup> groups) {
        NDArray logits = maskLogits(input);
        Shape s = logits.getShape();
        int b = (int) s.get(0), l = (int) s.get(1), h = (int) s.get(2), w = (int) s.get(3), pixels = h * w;
        NDArray flat = logits.reshape((long) b * l, pixels);                                               // [B*L, P]
        // Targets and valid (non-padding) cells, rasterised to the logit grid.
        float[][] valid = new float[b][];
        List<float[][]> targets = new ArrayList<>();
        int targetCount = 0;
        for (TargetGroup g : groups) {
            ImageFrame frame = input.frames().get(g.batchIndex());
            if (valid[g.batchIndex()] == null) {
                valid[g.batchIndex()] = raster(null, frame, h, w);
            }
            float[][] t = new float[g.targets().size()][];
            for (int m = 0; m < t.length; m++) {
                if (!(g.targets().get(m) instanceof MaskUnit mask)) {
                    throw new IllegalArgumentException(WHAT + " got a '" + g.targets().get(m).unit() + "' target");
                }
                t[m] = raster(mask.mask(), frame, h, w);
            }
            targets.add(t);
            targetCount += t.length;
        }
        List<int[]> pairs = targetCount == 0 ? List.of() : match(flat, groups, targets, valid, l, pixels);
        if (pairs.isEmpty()) {
            return Scalars.mul(logits.sum(), 0); // zero, still a function of every parameter
        }
        // Gather the matched rows with a one-hot product: the gradient path stays a plain matmul.
        int k = pairs.size();
        float[] select = new float[k * b * l], y = new float[k * pixels], v = new float[k * pixels];
        for (int i = 0; i < k; i++) {
            int[] pair = pairs.get(i); // {group, row in flat, target}
            int sample = groups.get(pair[0]).batchIndex();
            select[i * b * l + pair[1]] = 1;
            System.arraycopy(targets.get(pair[0])[pair[2]], 0, y, i * pixels, pixels);
            System.arraycopy(valid[sample], 0, v, i * pixels, pixels);
        }
        NDManager m = flat.getManager();
        NDArray pred = owned(m, select, new Shape(k, (long) b * l), null).matMul(flat);                     // [K, P]
        NDArray yt = owned(m, y, new Shape(k, pixels), null);
        NDArray vt = owned(m, v, new Shape(k, pixels), null);
        // Stable BCE with logits: max(x, 0) - x y + log(1 + exp(-|x|)), averaged over valid cells.
        NDArray bce = Activation.relu(pred).sub(pred.mul(yt)).add(pred.abs().neg().exp().add(1f).log());
        NDArray bceMean = bce.mul(vt).sum(new int[] {1}).div(vt.sum(new int[] {1}));                        // [K]
        // Dice: 1 - (2 sum(p y) + 1) / (sum p + sum y + 1), padding excluded.
        NDArray p = Activation.sigmoid(pred).mul(vt);
        NDArray numerator = Scalars.mul(p.mul(yt).sum(new int[] {1}), 2).add(1f);
        NDArray denominator = p.sum(new int[] {1}).add(yt.mul(vt).sum(new int[] {1})).add(1f);
        NDArray dice = numerator.div(denominator).neg().add(1f);                                             // [K]
        return Scalars.div(bceMean.add(dice).sum(), targetCount);
    }

    /** Solves each group's assignment from one padded cost tensor; returns {group, flat row, target} triples. */
    private List<int[]> match(NDArray flat, List<TargetGroup> groups, List<float[][]> targets, float[][] valid,
            int l, int pixels) {
        int g = groups.size(), nMax = 0, mMax = 0;
        int[] rows = new int[g], cols = new int[g];
        for (int i = 0; i < g; i++) {
            rows[i] = groups.get(i).queries().length;
            cols[i] = targets.get(i).length;
            nMax = Math.max(nMax, rows[i]);
            mMax = Math.max(mMax, cols[i]);
        }
        List<int[]> pairs = new ArrayList<>();
        if (nMax == 0 || mMax == 0) {
            return pairs;
        }
        long flatRows = flat.getShape().get(0);
        float[] select = new float[(int) (g * nMax * flatRows)];
        float[] v = new float[g * pixels];
        float[] t = new float[g * mMax * pixels];
        for (int i = 0; i < g; i++) {
            TargetGroup group = groups.get(i);
            int[] queries = group.queries();
            for (int n = 0; n < queries.length; n++) {
                select[(int) ((i * nMax + n) * flatRows + group.batchIndex() * l + queries[n])] = 1;
            }
            System.arraycopy(valid[group.batchIndex()], 0, v, i * pixels, pixels);
            for (int m = 0; m < cols[i]; m++) {
                System.arraycopy(targets.get(i)[m], 0, t, (i * mMax + m) * pixels, pixels);
            }
        }
        try (NDManager scope = flat.getManager().newSubManager()) { // no gradient needed: plain arrays, freed here
            NDArray detached = flat.stopGradient();
            detached.attach(scope);
            NDArray predicted = scope.create(select, new Shape((long) g * nMax, flatRows)).matMul(detached)
                    .reshape(g, nMax, pixels);                                                               // [G, N, P]
            NDArray validCells = scope.create(v, new Shape(g, 1, pixels));
            predicted = predicted.mul(validCells).add(validCells.sub(1f).mul(-PADDING_LOGIT));
            NDArray cost = GroupedHungarianMatcher.maskCost(predicted, scope.create(t, new Shape(g, mMax, pixels)),
                    FOCAL_COST, DICE_COST);                                                                  // [G, N, M]
            List<Assignment> assignments = matcher.match(cost, rows, cols);
            for (int i = 0; i < g; i++) {
                TargetGroup group = groups.get(i);
                int[] queries = group.queries();
                Assignment a = assignments.get(i);
                for (int j = 0; j < a.size(); j++) {
                    pairs.add(new int[] {i, group.batchIndex() * l + queries[a.rowIndices()[j]], a.columnIndices()[j]});
                }
            }
        }
        return pairs;
    }

    /**
     * A mask of the original image on the {@code h x w} logit grid (nearest sampling of the padded
     * square, image at its top-left); with {@code mask == null}, 1 wherever the cell lies in the image.
     */
    static float[] raster(CocoRle mask, ImageFrame frame, int h, int w) {
        if (mask != null && (mask.width() != frame.width() || mask.height() != frame.height())) {
            throw new IllegalArgumentException("target mask is " + mask.width() + "x" + mask.height()
                    + " but its image is " + frame.width() + "x" + frame.height());
        }
        boolean[] pixels = mask == null ? null : mask.decode();
        int side = frame.side();
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            int sy = Math.min((int) Math.floor(y * (double) side / h), side - 1);
            for (int x = 0; x < w; x++) {
                int sx = Math.min((int) Math.floor(x * (double) side / w), side - 1);
                boolean inside = sy < frame.height() && sx < frame.width();
                if (inside && (pixels == null || pixels[sy * frame.width() + sx])) {
                    out[y * w + x] = 1;
                }
            }
        }
        return out;
    }

    @Override
    public Map<String, NDArray> parameters() {
        return params;
    }

    @Override
    public void save(Path file) throws IOException {
        SafetensorsWriter.write(file, params, SafetensorsWriter.metadata("format", "pt", "refvlm.decoder", KIND));
    }

    @Override
    public void saveFolder(Path dir) throws IOException {
        DecoderFolder.write(dir, config, this);
    }

    /**
     * Replaces every parameter with the file's (names and shapes checked first); callers holding
     * the old {@link #parameters()} map must fetch it again. Trainability carries over.
     */
    @Override
    public void load(Path file) throws IOException {
        Map<String, NDArray> next = new LinkedHashMap<>();
        try (SafetensorsFile source = SafetensorsFile.open(file)) {
            for (Map.Entry<String, NDArray> e : WeightLoader.strict(WHAT).load(source, shapes, manager).entrySet()) {
                NDArray copy = e.getValue().duplicate(); // the file's buffer is wrapped: copy into engine memory
                e.getValue().close();
                copy.setName(e.getKey());
                next.put(e.getKey(), copy);
            }
        }
        Map<String, NDArray> old = params;
        next.forEach((name, array) -> {
            if (old.get(name).hasGradient()) {
                array.setRequiresGradient(true);
            }
        });
        params = Collections.unmodifiableMap(next);
        old.values().forEach(NDArray::close);
    }

    @Override
    public void close() {
        matcher.close();
        manager.close();
    }

    /** A FLOAT32 array in engine-owned memory (an array made from Java data only wraps it). */
    private static NDArray owned(NDManager manager, float[] values, Shape shape, String name) {
        NDArray wrapped = manager.create(values, shape);
        NDArray copy = wrapped.duplicate();
        wrapped.close();
        if (name != null) {
            copy.setName(name);
        }
        return copy;
    }
}
