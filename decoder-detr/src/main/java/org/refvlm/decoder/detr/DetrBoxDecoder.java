package org.refvlm.decoder.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.decoder.detr.internal.BoxHead;
import org.refvlm.decoder.detr.internal.PyramidMemory;
import org.refvlm.nn.AttentionMask;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Init;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.Linear;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Scalars;
import org.refvlm.nn.TransformerDecoderLayer;
import org.refvlm.nn.TransformerEncoderLayer;
import org.refvlm.nn.TransformerLayerConfig;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.support.BoxLosses;
import org.refvlm.spi.support.BoxTargets;
import org.refvlm.spi.support.DecoderFolder;
import org.refvlm.spi.support.GroundingMap;
import org.refvlm.spi.support.GroundingMapLoss;
import org.refvlm.spi.support.MapBox;
import org.refvlm.spi.support.Matching;
import org.refvlm.spi.support.TargetMatcher;
import org.refvlm.tensor.safetensors.SafetensorsWriter;
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
    private static final String WHAT = "DETR box decoder";
    private static final String QUERY_POS = "query_pos";

    private final DetrDecoderConfig config;
    private final Parameters params;
    private final PyramidMemory memory;
    private final Linear queryProjection;
    private final GroundingMap grounding;  // null unless config.grounded()
    private final TransformerEncoderLayer[] memoryLayers;
    private final TransformerDecoderLayer[] layers;
    private final LayerNorm finalNorm;
    private final BoxHead head;
    private final TargetMatcher matcher = new TargetMatcher();
    private volatile boolean training;

    /**
     * A freshly initialised decoder (PyTorch's default initialisation, drawn per parameter from
     * {@code seed}) whose parameters live in a sub-manager of {@code parent}, on its device;
     * {@link #close} frees them.
     */
    public DetrBoxDecoder(DetrDecoderConfig config, NDManager parent, long seed) {
        this.config = config;
        this.params = new Parameters(parent.newSubManager(), seed);
        int d = config.dModel();
        TransformerLayerConfig layer = TransformerLayerConfig.of(d, config.heads(), config.ffnDim())
                .dropout(config.dropout());
        this.memory = new PyramidMemory(params, config.featureLevels(), config.featureDims(), config.memoryInputDim(), d);
        this.queryProjection = new Linear(params, "query_proj", config.queryInputDim(), d);
        params.declare(QUERY_POS, new Shape(config.numQueries(), d), Init.normal(1));
        this.grounding = config.grounded() ? new GroundingMap(params, "grounding", d) : null;
        this.memoryLayers = new TransformerEncoderLayer[config.memoryLayers()];
        for (int i = 0; i < memoryLayers.length; i++) {
            memoryLayers[i] = new TransformerEncoderLayer(params, "encoder.layers." + i, layer);
        }
        this.layers = new TransformerDecoderLayer[config.layers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new TransformerDecoderLayer(params, "layers." + i, layer);
        }
        this.finalNorm = new LayerNorm(params, "layernorm", d);
        this.head = new BoxHead(params, "bbox_embed", d);
        LOG.debug("{}: {} parameter tensors, {} layers of width {}", WHAT, params.asMap().size(), config.layers(), d);
    }

    /** Reads a {@link DecoderFolder} written by {@link #saveFolder}, checking every weight's name and shape. */
    public static DetrBoxDecoder loadFolder(Path dir, NDManager parent) throws IOException {
        return DecoderFolder.load(dir, DetrDecoderConfig.class, config -> new DetrBoxDecoder(config, parent, 0));
    }

    @Override
    public DetrDecoderConfig config() {
        return config;
    }

    @Override
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
        PyramidMemory.Memory mem = memory.build(input);
        NDArray memoryTokens = mem.tokens();                                          // [B, N, d]
        for (TransformerEncoderLayer layer : memoryLayers) {
            memoryTokens = layer.forward(memoryTokens, mem.position(), AttentionMask.NONE, dropout); // [B, N, d]
        }
        NDArray memoryKeys = memoryTokens.add(mem.position());                        // [B, N, d]
        NDArray memoryValues = config.positionInValues() ? memoryKeys : memoryTokens; // [B, N, d]

        NDArray hidden = queryProjection.forward(queries);                            // [B, L, d]
        NDArray cells = grounding == null ? null : grounding.cells(memoryKeys);       // [B, d, N]
        NDArray scores = grounding == null ? null : grounding.scores(hidden, cells);  // [B, L, N]
        NDArray queryPos = queryPosition(length, hidden);                             // [L, d]
        // Padded queries must not be seen by real ones: they are hidden as keys of self-attention.
        AttentionMask selfMask = AttentionMask.keys(input.queryMask());

        List<NDArray> maps = new ArrayList<>();
        if (scores != null) {
            maps.add(scores);
        }
        for (TransformerDecoderLayer layer : layers) {
            AttentionMask crossMask = scores == null ? AttentionMask.NONE : AttentionMask.bias(scores.expandDims(1));
            hidden = layer.forward(hidden, queryPos, selfMask, memoryKeys, memoryValues, crossMask, dropout);
            if (config.refineMap()) {
                scores = grounding.scores(hidden, cells);                             // [B, L, N]
                maps.add(scores);
            }
        }
        NDArray out = finalNorm.forward(hidden);                                      // [B, L, d]
        NDArray boxes = config.boxesFromMap()
                ? head.forward(out, MapBox.reference(scores, mem.height(), mem.width()))
                : head.forward(out);                                                  // [B, L, 4]
        return new Output(boxes, maps, mem.height(), mem.width());
    }

    /** [L, d]: the learned embedding of the first {@code length} slots, owned by the activation's manager. */
    private NDArray queryPosition(int length, NDArray activation) {
        NDArray table = params.get(QUERY_POS);                                        // [numQueries, d]
        return length == config.numQueries() ? table
                : Constants.alongside(activation, table.get(new NDIndex(":{}", length)));
    }

    @Override
    public List<List<DecodedUnit>> decode(DecoderInput input) {
        long length = input.queryLength();
        float[] boxes;
        // Every intermediate array is closed when the scope ends; only Java data leaves it.
        try (NDScope scope = new NDScope()) {
            boxes = forward(input, false).toType(DataType.FLOAT32, false).toFloatArray();  // [B * L * 4]
            scope.suppressNotUsedWarning();
        }
        return input.realQueries().decodeEach((b, slot) -> {
            int at = (int) ((b * length + slot) * 4);
            return input.frames().get(b).pixelBox(boxes[at], boxes[at + 1], boxes[at + 2], boxes[at + 3],
                    BoxUnit.NO_SCORE);
        });
    }

    /**
     * Grouped-Hungarian-matched L1 + GIoU loss (section 4.1/4.3), plus the grounding map's loss
     * on the same pairs when the decoder has one, in the caller's graph; the caller's manager
     * owns the intermediates, so a training step should run in its own scope.
     */
    @Override
    public NDArray loss(DecoderInput input, List<TargetGroup> targets) {
        input.checkTargets(targets);
        Output out = run(input, training);
        Matching matched = matcher.match(out.boxes(), targets, new BoxTargets(input.frames()),
                BoxLosses.cost(config.l1Weight(), config.giouWeight()));
        NDArray loss = BoxLosses.loss(out.boxes(), matched, config.l1Weight(), config.giouWeight());
        if (out.grounding().isEmpty()) {
            return loss;
        }
        if (matched.size() == 0) {
            return loss.add(Scalars.zeroLike(out.grounding().get(0))); // keeps the map's weights in the graph
        }
        // Every map is trained towards the same target (deep supervision, as Mask2Former supervises
        // the mask after every layer); the mean keeps the weight independent of the layer count.
        NDArray align = GroundingMapLoss.loss(out.grounding(), out.height(), out.width(), matched);
        return loss.add(Scalars.mul(align, config.alignWeight()));
    }

    @Override
    public Map<String, NDArray> parameters() {
        return params.asMap();
    }

    @Override
    public void save(Path file) throws IOException {
        params.save(file, SafetensorsWriter.metadata("format", "pt", "refvlm.decoder", NAME, "refvlm.unit", BoxUnit.UNIT));
        LOG.info("saved {} weights to {}", WHAT, file);
    }

    /** Writes this decoder as a {@link DecoderFolder}, the form the platform's DETR decoder service loads. */
    @Override
    public void saveFolder(Path dir) throws IOException {
        DecoderFolder.write(dir, config, this);
    }

    /** In place; every name and shape is checked first, and all problems are reported at once. */
    @Override
    public void load(Path file) throws IOException {
        params.load(file, WHAT);
        LOG.info("loaded {} weights from {}", WHAT, file);
    }

    @Override
    public void close() {
        matcher.close();
        params.close();
    }
}
