package org.refvlm.decoder.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.core.matching.GroupedAssignment;
import org.refvlm.core.matching.GroupedHungarianMatcher;
import org.refvlm.decoder.detr.internal.AlignmentLoss;
import org.refvlm.decoder.detr.internal.BoxHead;
import org.refvlm.decoder.detr.internal.DecoderLayer;
import org.refvlm.decoder.detr.internal.Dense;
import org.refvlm.decoder.detr.internal.EncoderLayer;
import org.refvlm.decoder.detr.internal.GroundingMap;
import org.refvlm.decoder.detr.internal.GroupedBoxLoss;
import org.refvlm.decoder.detr.internal.MapBox;
import org.refvlm.decoder.detr.internal.Norm;
import org.refvlm.decoder.detr.internal.PyramidMemory;
import org.refvlm.tensor.Scalars;
import org.refvlm.decoder.detr.internal.Weights;
import org.refvlm.spi.DecoderFolder;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.tensor.safetensors.SafetensorsFile;
import org.refvlm.tensor.safetensors.SafetensorsWriter;
import org.refvlm.tensor.safetensors.WeightLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REF-VLM's DETR-style box decoder (reference notes section 4.1), trained from scratch: the
 * {@code <REF>} embeddings, projected and given a learned position each, attend to each other and
 * to a memory built from the feature pyramid, and an MLP head turns each into a normalised
 * {@code (cx, cy, w, h)} box on the padded square. Options a small model trained from nothing
 * needs ({@link DetrDecoderConfig}): a grounding map that says which cells each query is about,
 * boxes read off its moments, encoder layers over the memory, and the map refined by every layer.
 *
 * <p>Padded query slots ({@code queryMask} false) are hidden from self-attention, so whatever
 * they hold never changes the real queries' boxes. {@link #decode} always runs without dropout;
 * {@link #train(boolean)} switches dropout on for {@link #loss}. {@link #decode} is thread-safe;
 * {@link #load} must not run concurrently with anything else.
 */
public final class DetrBoxDecoder implements TrainableDecoder {

    public static final String NAME = "detr";

    private static final Logger LOG = LoggerFactory.getLogger(DetrBoxDecoder.class);
    private static final String QUERY_POS = "query_pos";
    /** Added to the attention scores of padded keys: exp() of it underflows to exactly 0 in float32. */
    private static final float MASKED = -1e9f;

    private final DetrDecoderConfig config;
    private final NDManager manager;
    private final Weights weights;
    private final PyramidMemory memory;
    private final Dense queryProjection;
    private final GroundingMap grounding;  // null unless config.grounded()
    private final EncoderLayer[] memoryLayers;
    private final DecoderLayer[] layers;
    private final Norm finalNorm;
    private final BoxHead head;
    private final GroupedHungarianMatcher matcher;
    private final GroupedBoxLoss boxLoss;
    private volatile boolean training;

    /**
     * A freshly initialised decoder (PyTorch default initialisation drawn from {@code seed}) whose
     * parameters live in a sub-manager of {@code parent}, on its device; {@link #close} frees them.
     */
    public DetrBoxDecoder(DetrDecoderConfig config, NDManager parent, long seed) {
        this.config = config;
        this.manager = parent.newSubManager();
        this.weights = new Weights(manager, seed);
        int d = config.dModel();
        this.memory = new PyramidMemory(weights, config.featureLevels(), config.featureDims(), config.memoryInputDim(), d);
        this.queryProjection = new Dense(weights, "query_proj", config.queryInputDim(), d);
        weights.normal(QUERY_POS, new Shape(config.numQueries(), d));
        this.grounding = config.grounded() ? new GroundingMap(weights, "grounding", d) : null;
        this.memoryLayers = new EncoderLayer[config.memoryLayers()];
        for (int i = 0; i < memoryLayers.length; i++) {
            memoryLayers[i] = new EncoderLayer(weights, "encoder.layers." + i, d, config.heads(), config.ffnDim(),
                    config.dropout());
        }
        this.layers = new DecoderLayer[config.layers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new DecoderLayer(weights, "layers." + i, d, config.heads(), config.ffnDim(), config.dropout());
        }
        this.finalNorm = new Norm(weights, "layernorm", d);
        this.head = new BoxHead(weights, "bbox_embed", d);
        this.matcher = new GroupedHungarianMatcher(GroupedAssignment.sequential());
        this.boxLoss = new GroupedBoxLoss(matcher, config.l1Weight(), config.giouWeight());
        LOG.debug("DETR box decoder: {} parameter tensors, {} layers of width {}", weights.asMap().size(),
                config.layers(), d);
    }

    public DetrDecoderConfig config() {
        return config;
    }

    /** Switches dropout on ({@code true}) or off for {@link #loss}; {@link #decode} never uses dropout. */
    public void train(boolean on) {
        this.training = on;
    }

    public boolean isTraining() {
        return training;
    }

    @Override
    public DecoderSpec spec() {
        return new DecoderSpec(config.queryInputDim(), config.numQueries(), config.featureLevels());
    }

    /**
     * One forward pass.
     *
     * @param boxes     [B, L, 4] normalised (cx, cy, w, h) on the padded square, every slot
     * @param grounding the grounding maps' scores, each [B, L, N]: the queries' own, then one per layer
     *                  when the decoder refines it; empty when the decoder has no map
     * @param height    rows of the memory grid (N = height x width)
     * @param width     columns of the memory grid
     */
    private record Output(NDArray boxes, List<NDArray> grounding, int height, int width) {
    }

    /**
     * The decoder's boxes for every query slot, real or padded: {@code [B, L, 4]} normalised
     * {@code (cx, cy, w, h)} on the padded square, in the graph of the inputs. Intermediate arrays
     * land in the managers of the input arrays.
     */
    public NDArray forward(DecoderInput input, boolean dropout) {
        return run(input, dropout).boxes();
    }

    private Output run(DecoderInput input, boolean dropout) {
        NDArray queries = input.queries();                                            // [B, L, D]
        Shape qs = queries.getShape();
        int length = (int) qs.get(1);
        if (qs.get(2) != config.queryInputDim()) {
            throw new IllegalArgumentException("queries are " + qs.get(2) + " wide, the decoder takes "
                    + config.queryInputDim());
        }
        if (length > config.numQueries()) {
            throw new IllegalArgumentException(length + " query slots exceed the decoder's " + config.numQueries());
        }
        PyramidMemory.Memory mem = memory.build(input.features());
        NDArray memoryTokens = mem.tokens();                                          // [B, N, d]
        for (EncoderLayer layer : memoryLayers) {
            memoryTokens = layer.forward(memoryTokens, mem.position(), dropout);      // [B, N, d]
        }
        NDArray memoryKeys = memoryTokens.add(mem.position());                        // [B, N, d]
        NDArray memoryValues = config.positionInValues() ? memoryKeys : memoryTokens;   // [B, N, d]

        NDArray hidden = queryProjection.forward(queries);                            // [B, L, d]
        NDArray cells = grounding == null ? null : grounding.cells(memoryKeys);       // [B, d, N]
        NDArray scores = grounding == null ? null : grounding.scores(hidden, cells);  // [B, L, N]
        NDArray memoryBias = scores == null ? null : scores.expandDims(1);            // [B, 1, L, N]
        NDArray queryPos = queryPosition(length, hidden.getManager());                // [L, d]
        // Padded queries must not be seen by real ones: they are hidden as keys of self-attention.
        NDArray real = input.queryMask().toType(hidden.getDataType(), false);         // [B, L]
        NDArray queryBias = Scalars.mul(real.sub(1f), -MASKED).reshape(qs.get(0), 1, 1, length); // [B, 1, 1, L]

        List<NDArray> maps = new ArrayList<>();
        if (scores != null) {
            maps.add(scores);
        }
        for (DecoderLayer layer : layers) {
            hidden = layer.forward(hidden, queryPos, queryBias, memoryValues, memoryKeys, memoryBias, dropout);
            if (config.refineMap()) {
                scores = grounding.scores(hidden, cells);                             // [B, L, N]
                memoryBias = scores.expandDims(1);                                    // [B, 1, L, N]
                maps.add(scores);
            }
        }
        NDArray out = finalNorm.forward(hidden);                                      // [B, L, d]
        NDArray boxes = config.boxesFromMap()
                ? head.forward(out, MapBox.reference(scores, mem.height(), mem.width()))
                : head.forward(out);                                                  // [B, L, 4]
        return new Output(boxes, maps, mem.height(), mem.width());
    }

    /** [L, d]: the learned embedding of the first {@code length} slots, owned by {@code scope}, not by the weights. */
    private NDArray queryPosition(int length, NDManager scope) {
        NDArray table = weights.get(QUERY_POS);                                       // [numQueries, d]
        if (length == config.numQueries()) {
            return table;
        }
        NDArray slice = table.get(new NDIndex(":{}", length));
        slice.attach(scope);
        return slice;
    }

    @Override
    public List<List<DecodedUnit>> decode(DecoderInput input) {
        float[] boxes;
        boolean[] real;
        NDArray queries = input.queries();
        long length = queries.getShape().get(1);
        // Work in a private scope so a request leaves nothing behind in the caller's manager; the
        // inputs return to their own managers when it closes.
        try (NDManager scope = queries.getManager().newSubManager()) {
            Set<NDArray> borrowed = new HashSet<>();
            borrowed.add(queries);
            borrowed.add(input.queryMask());
            for (String level : config.featureLevels()) {
                NDArray map = input.features().get(level);
                if (map != null) {
                    borrowed.add(map);
                }
            }
            for (NDArray array : borrowed) {
                array.tempAttach(scope);
            }
            boxes = forward(input, false).toType(DataType.FLOAT32, false).toFloatArray();  // [B * L * 4]
            real = input.queryMask().toType(DataType.BOOLEAN, false).toBooleanArray();     // [B * L]
        }
        List<List<DecodedUnit>> results = new ArrayList<>(input.batchSize());
        for (int b = 0; b < input.batchSize(); b++) {
            ImageFrame frame = input.frames().get(b);
            List<DecodedUnit> sample = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                int slot = (int) (b * length + i);
                if (real[slot]) {
                    sample.add(toPixels(boxes, slot * 4, frame));
                }
            }
            results.add(List.copyOf(sample));
        }
        return List.copyOf(results);
    }

    /** Normalised (cx, cy, w, h) on the square -> xyxy original pixels, clipped to the image. */
    private static BoxUnit toPixels(float[] boxes, int at, ImageFrame frame) {
        double cx = boxes[at], cy = boxes[at + 1], w = boxes[at + 2], h = boxes[at + 3];
        double x0 = clip(frame.toPixels(cx - w / 2), frame.width());
        double y0 = clip(frame.toPixels(cy - h / 2), frame.height());
        double x1 = clip(frame.toPixels(cx + w / 2), frame.width());
        double y1 = clip(frame.toPixels(cy + h / 2), frame.height());
        return new BoxUnit(x0, y0, Math.max(x0, x1), Math.max(y0, y1), 1.0);
    }

    private static double clip(double value, int limit) {
        return Math.min(Math.max(value, 0), limit);
    }

    /**
     * Grouped-Hungarian-matched L1 + GIoU loss (section 4.1/4.3), plus the grounding map's loss
     * on the same pairs when the decoder has one, in the caller's graph; the caller's manager
     * owns the intermediates, so a training step should run in its own scope.
     */
    @Override
    public NDArray loss(DecoderInput input, List<TargetGroup> targets) {
        Output out = run(input, training);
        GroupedBoxLoss.Matched matched = boxLoss.match(out.boxes(), targets, input.frames());
        NDArray loss = boxLoss.loss(out.boxes(), matched);
        if (out.grounding().isEmpty()) {
            return loss;
        }
        if (matched.size() == 0) {
            return loss.add(Scalars.mul(out.grounding().get(0).sum(), 0)); // keeps the map's weights in the graph
        }
        // Every map is trained towards the same target (deep supervision, as Mask2Former supervises
        // the mask after every layer); the mean keeps the weight independent of the layer count.
        NDArray align = AlignmentLoss.loss(out.grounding(), out.height(), out.width(), matched);
        if (LOG.isTraceEnabled()) {
            LOG.trace("box loss {} grounding loss {}", loss.getFloat(), align.getFloat());
        }
        return loss.add(Scalars.mul(align, config.alignWeight()));
    }

    @Override
    public Map<String, NDArray> parameters() {
        return weights.asMap();
    }

    @Override
    public void save(Path file) throws IOException {
        SafetensorsWriter.write(file, weights.asMap(), SafetensorsWriter.metadata(
                "format", "pt", "refvlm.decoder", NAME, "refvlm.unit", BoxUnit.UNIT));
        LOG.info("saved DETR box decoder weights to {}", file);
    }

    /** Writes this decoder as a {@link DecoderFolder}, the form the platform's DETR decoder service loads. */
    public void saveFolder(Path dir) throws IOException {
        DecoderFolder.write(dir, config, this);
    }

    /** Reads a {@link DecoderFolder} written by {@link #saveFolder}, checking every weight's name and shape. */
    public static DetrBoxDecoder loadFolder(Path dir, NDManager parent) throws IOException {
        return DecoderFolder.load(dir, DetrDecoderConfig.class, config -> new DetrBoxDecoder(config, parent, 0));
    }

    /**
     * Replaces every parameter's values with the file's, in place (so the arrays the trainer holds
     * and their gradient flags stay valid). Every name and shape is checked first, and all
     * problems are reported in one {@link org.refvlm.tensor.safetensors.WeightMismatchException}.
     */
    @Override
    public void load(Path file) throws IOException {
        try (SafetensorsFile source = SafetensorsFile.open(file);
             NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> loaded = WeightLoader.strict("DETR box decoder").load(source, weights.shapes(), scope);
            for (Map.Entry<String, NDArray> e : loaded.entrySet()) {
                NDArray target = weights.get(e.getKey());
                // Through a heap copy: the engine may keep the buffer it is given, and the loaded
                // tensor dies with the scope.
                target.set(e.getValue().toType(DataType.FLOAT32, false).toFloatArray());
            }
        }
        LOG.info("loaded DETR box decoder weights from {}", file);
    }

    @Override
    public void close() {
        matcher.close();
        manager.close();
    }
}
