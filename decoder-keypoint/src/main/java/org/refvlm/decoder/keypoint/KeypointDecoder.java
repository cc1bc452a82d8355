package org.refvlm.decoder.keypoint;

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
import org.refvlm.api.Keypoint;
import org.refvlm.api.KeypointsUnit;
import org.refvlm.decoder.keypoint.internal.FeatureMemory;
import org.refvlm.decoder.keypoint.internal.InstanceDecoderLayer;
import org.refvlm.decoder.keypoint.internal.KeypointHeads;
import org.refvlm.decoder.keypoint.internal.KeypointLosses;
import org.refvlm.decoder.keypoint.internal.KeypointTargets;
import org.refvlm.decoder.keypoint.internal.PointRefiner;
import org.refvlm.nn.AttentionMask;
import org.refvlm.nn.Constants;
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
import org.refvlm.spi.support.GroundingMap;
import org.refvlm.spi.support.GroundingMapLoss;
import org.refvlm.spi.support.MapBox;
import org.refvlm.spi.support.Matching;
import org.refvlm.spi.support.TargetMatcher;
import org.refvlm.tensor.safetensors.SafetensorsWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keypoint decoder (kind {@value #NAME}, unit {@code keypoint}): REF-VLM's pose decoder design,
 * trained from scratch. Every {@code <REF>} embedding, projected to {@code dModel}, becomes
 * {@code 1 + K} queries: one for the instance and one per keypoint slot, each the projected
 * embedding plus a learned slot embedding. A transformer decoder lets the queries of one instance
 * attend to each other and each query to a memory built from the feature pyramid; heads then give
 * the instance's box, schema and confidence and each slot's point and visibility
 * ({@link KeypointHeads}). An instance reports the schema its head picks, with that schema's
 * keypoints, so a hexagon has seven and a triangle four.
 *
 * <p>Optionally ({@code alignWeight} above 0) each instance also scores the memory cells, as the DETR
 * decoder does: the scores bias the cross-attention of all its queries, are trained towards the
 * matched box, can be scored again after every layer ({@code refineMap}), and can give the box head
 * a reference box to correct ({@code boxesFromMap}). A query that says what (a class) rather than
 * where learns to find its object far sooner that way.
 *
 * <p>Optionally ({@code pointRefineSide} above 0) a {@link PointRefiner} then reads the picture
 * around every point and moves it onto the corner or tip it is near, and ({@code pointRefineScore})
 * corrects the instance's score by what it sees there; the decoder then asks the platform for the image.
 *
 * <p>Decoded units are in original-image pixels. A keypoint's score is the probability that it is
 * visible; its visibility is 2 when that is above 0.5, else 1 (occluded) when the point lies in the
 * image, and 0 (not labelled) when it lies outside, as COCO and the synthetic data label such
 * points. The box's score is the instance confidence, trained to estimate the instance's OKS.
 *
 * <p>Instances never see each other, so padded query slots cannot change real ones.
 * {@link #decode} never uses dropout and is thread-safe; {@link #load} must not run concurrently
 * with anything else.
 */
public final class KeypointDecoder implements TrainableDecoder {

    public static final String NAME = "posedetr";

    private static final Logger LOG = LoggerFactory.getLogger(KeypointDecoder.class);
    private static final String WHAT = "keypoint decoder";
    private static final String SLOT_EMBED = "slot_embed";

    private final KeypointDecoderConfig config;
    private final int slots;
    private final Parameters params;
    private final FeatureMemory memory;
    private final Linear queryProjection;
    private final InstanceDecoderLayer[] layers;
    private final KeypointHeads heads;
    private final GroundingMap grounding;  // null unless config.grounded()
    private final PointRefiner refiner;    // null unless config.refinesPoints()
    private final TargetMatcher matcher = new TargetMatcher();
    private volatile boolean training;

    /**
     * A freshly initialised decoder (PyTorch's default initialisation, drawn per parameter from
     * {@code seed}) whose parameters live in a sub-manager of {@code parent}; {@link #close} frees them.
     */
    public KeypointDecoder(KeypointDecoderConfig config, NDManager parent, long seed) {
        this.config = config;
        this.slots = config.maxKeypoints();
        this.params = new Parameters(parent.newSubManager(), seed);
        int d = config.dModel();
        this.memory = new FeatureMemory(params, config.featureLevels(), config.featureDims(), d);
        this.queryProjection = new Linear(params, "query_proj", config.queryInputDim(), d);
        // Row 0 is the instance query's, rows 1..K the keypoint slots'.
        params.declare(SLOT_EMBED, new Shape(1 + slots, d), Init.normal(1));
        this.layers = new InstanceDecoderLayer[config.layers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new InstanceDecoderLayer(params, "layers." + i, d, config.heads(), config.ffnDim(), config.dropout());
        }
        this.heads = new KeypointHeads(params, d, config.schemas().size());
        this.grounding = config.grounded() ? new GroundingMap(params, "grounding", d) : null;
        this.refiner = config.refinesPoints() ? new PointRefiner(params, config.pointRefineSide(), config.pointRefineDim(),
                config.pointRefineWindow(), config.pointRefineReach(), config.pointRefineSteps(), d,
                config.pointRefineScore()) : null;
        LOG.debug("{}: {} parameter tensors, {} layers of width {}, {} schemas, {} keypoint slots", WHAT,
                params.asMap().size(), config.layers(), d, config.schemas().size(), slots);
    }

    /** Reads a {@link DecoderFolder} written by {@link #saveFolder}, checking every weight's name and shape. */
    public static KeypointDecoder loadFolder(Path dir, NDManager parent) throws IOException {
        return DecoderFolder.load(dir, KeypointDecoderConfig.class, config -> new KeypointDecoder(config, parent, 0));
    }

    @Override
    public KeypointDecoderConfig config() {
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
        return new DecoderSpec(config.queryInputDim(), config.numQueries(), config.featureLevels(), refiner != null);
    }

    /**
     * The predictions for every query slot, real or padded, normalised to the padded square, in the
     * graph of the inputs; intermediate arrays land in the input arrays' managers.
     */
    public KeypointPredictions forward(DecoderInput input, boolean dropout) {
        return run(input, dropout).predictions();
    }

    /**
     * @param grounding the grounding maps' scores, each [B, L, N]: the instances' own, then one per
     *                  layer when the map is refined; empty without a map
     */
    private record Output(KeypointPredictions predictions, List<NDArray> grounding, int height, int width) {
    }

    private Output run(DecoderInput input, boolean dropout) {
        NDArray queries = input.queries();                                              // [B, L, D]
        Shape qs = queries.getShape();
        if (qs.get(2) != config.queryInputDim()) {
            throw new IllegalArgumentException("queries are " + qs.get(2) + " wide, the decoder takes "
                    + config.queryInputDim());
        }
        if (qs.get(1) > config.numQueries()) {
            throw new IllegalArgumentException(qs.get(1) + " query slots exceed the decoder's " + config.numQueries());
        }
        FeatureMemory.Memory mem = memory.build(input);
        // The position goes into the values as well as the keys (DETR: keys only): what a query
        // reads must carry where it read it, since the box and the keypoints are coordinates.
        NDArray memoryTokens = mem.tokens().add(mem.position());                        // [B, N, d]
        NDArray slotEmbed = params.get(SLOT_EMBED);                                     // [1 + K, d]
        NDArray projected = queryProjection.forward(queries);                           // [B, L, d]
        NDArray hidden = projected.expandDims(2).add(slotEmbed);                        // [B, L, 1 + K, d]
        // The instance's map: which cells it is about. Every query of the instance (the box's and
        // the keypoints') reads the memory through it, so the points are looked for on the object.
        NDArray cells = grounding == null ? null : grounding.cells(memoryTokens);       // [B, d, N]
        NDArray scores = grounding == null ? null : grounding.scores(projected, cells); // [B, L, N]
        List<NDArray> maps = new ArrayList<>();
        if (scores != null) {
            maps.add(scores);
        }
        for (InstanceDecoderLayer layer : layers) {
            AttentionMask crossMask = scores == null ? AttentionMask.NONE : AttentionMask.bias(perSlot(scores, 1 + slots));
            hidden = layer.forward(hidden, slotEmbed, memoryTokens, memoryTokens, crossMask, dropout); // [B, L, 1 + K, d]
            if (config.refineMap()) {
                scores = grounding.scores(hidden.get(new NDIndex(":, :, 0, :")), cells); // [B, L, N]
                maps.add(scores);
            }
        }
        NDArray reference = config.boxesFromMap() ? MapBox.reference(scores, mem.height(), mem.width()) : null; // [B, L, 4]
        KeypointPredictions p = heads.forward(hidden, reference);
        if (refiner != null) {
            p = refined(p, hidden, input);
        }
        return new Output(p, maps, mem.height(), mem.width());
    }

    /**
     * The predictions after the point refiner, which reads the picture around the real queries'
     * points only: a batch holds a few instances in {@code numQueries} slots each, and padded slots'
     * points are never matched or decoded, so they keep the heads' points and scores.
     */
    private KeypointPredictions refined(KeypointPredictions p, NDArray hidden, DecoderInput input) {
        NDArray points = p.keypoints();                                                  // [B, L, K, 2]
        Shape ps = points.getShape();
        long b = ps.get(0), l = ps.get(1), k = ps.get(2);
        RealQueries real = input.realQueries();
        List<Long> rowList = new ArrayList<>();
        List<Long> sampleList = new ArrayList<>();
        for (int s = 0; s < b; s++) {
            for (int slot : real.slots(s)) {
                rowList.add(real.row(s, slot));
                sampleList.add((long) s);
            }
        }
        if (rowList.isEmpty()) {
            return p;
        }
        long[] rows = rowList.stream().mapToLong(Long::longValue).toArray();
        long[] samples = sampleList.stream().mapToLong(Long::longValue).toArray();
        NDManager m = points.getManager();
        NDArray index = m.create(rows);                                                 // [R]
        NDArray flat = points.reshape(b * l, k, 2);                                     // [B L, K, 2]
        NDArray start = flat.get(index);                                                // [R, K, 2]
        NDArray size = p.boxes().reshape(b * l, 4).get(index).get(new NDIndex(":, 2:")); // [R, 2]
        NDArray states = hidden.get(new NDIndex(":, :, 1:, :")).reshape(b * l, k, -1).get(index); // [R, K, d]
        NDArray pictures = input.pictures(refiner.side());                              // [B, 3, S, S]
        PointRefiner.Refinement r = refiner.refineAndScore(start, size, states, pictures, samples);
        NDArray moves = r.points().sub(start);                                          // [R, K, 2]
        // Back to every slot: a one-hot [B L, R] product puts each row's change on it, zero elsewhere.
        float[] oneHot = new float[(int) (b * l) * rows.length];
        for (int i = 0; i < rows.length; i++) {
            oneHot[(int) rows[i] * rows.length + i] = 1;
        }
        NDArray place = Constants.of(m, oneHot, new Shape(b * l, rows.length));       // [B L, R]
        NDArray moved = flat.add(place.matMul(moves.reshape(rows.length, k * 2)).reshape(b * l, k, 2)).reshape(b, l, k, 2);
        NDArray scores = p.scores();                                                    // [B, L]
        if (r.scoreShift() != null) {
            scores = scores.add(place.matMul(r.scoreShift().reshape(rows.length, 1)).reshape(b, l));
        }
        return new KeypointPredictions(p.boxes(), moved, p.visibility(), p.schemas(), scores);
    }

    /** [B, L, N] -> [B, 1, L S, N]: each instance's scores for each of its S queries, one head-broadcast row each. */
    private static NDArray perSlot(NDArray scores, int slotsPerInstance) {
        Shape s = scores.getShape();
        long b = s.get(0), l = s.get(1), n = s.get(2);
        return scores.expandDims(2).broadcast(new Shape(b, l, slotsPerInstance, n)).reshape(b, 1, l * slotsPerInstance, n);
    }

    @Override
    public List<List<DecodedUnit>> decode(DecoderInput input) {
        int length = input.queryLength();
        int schemaCount = config.schemas().size();
        float[] boxes;
        float[] points;
        float[] visibility;
        float[] schemas;
        float[] scores;
        // Every intermediate array is closed when the scope ends; only Java data leaves it.
        try (NDScope scope = new NDScope()) {
            KeypointPredictions p = forward(input, false);
            boxes = floats(p.boxes());                                                  // [B * L * 4]
            points = floats(p.keypoints());                                             // [B * L * K * 2]
            visibility = floats(p.visibility());                                        // [B * L * K]
            schemas = floats(p.schemas());                                              // [B * L * S]
            scores = floats(p.scores());                                                // [B * L]
            scope.suppressNotUsedWarning();
        }
        return input.realQueries().decodeEach((b, slot) -> {
            int row = b * length + slot;
            int best = 0;
            for (int s = 1; s < schemaCount; s++) {
                if (schemas[row * schemaCount + s] > schemas[row * schemaCount + best]) {
                    best = s;
                }
            }
            KeypointSchema schema = config.schemas().get(best);
            ImageFrame frame = input.frames().get(b);
            BoxUnit box = frame.pixelBox(boxes[row * 4], boxes[row * 4 + 1], boxes[row * 4 + 2], boxes[row * 4 + 3],
                    sigmoid(scores[row]));
            List<Keypoint> keypoints = new ArrayList<>(schema.size());
            for (int j = 0; j < schema.size(); j++) {
                int at = (row * slots + j) * 2;
                double x = frame.toPixelsX(points[at]);
                double y = frame.toPixelsY(points[at + 1]);
                double seen = sigmoid(visibility[row * slots + j]);
                keypoints.add(new Keypoint(schema.keypointNames().get(j), x, y, visibility(seen, x, y, frame), seen));
            }
            return new KeypointsUnit(box, keypoints, schema.name());
        });
    }

    /** 2 when probably visible; else 1 inside the image (occluded), 0 outside it (not labelled, as COCO marks it). */
    private static int visibility(double seen, double x, double y, ImageFrame frame) {
        boolean inside = x >= 0 && x <= frame.width() && y >= 0 && y <= frame.height();
        if (!inside) {
            return Keypoint.NOT_LABELLED;
        }
        return seen > 0.5 ? Keypoint.VISIBLE : Keypoint.OCCLUDED;
    }

    private static float[] floats(NDArray a) {
        return a.toType(DataType.FLOAT32, false).toFloatArray();
    }

    private static double sigmoid(float logit) {
        return 1 / (1 + Math.exp(-logit));
    }

    /**
     * Grouped-Hungarian-matched loss ({@link KeypointLosses}: box L1 and GIoU, {@code 1 - OKS},
     * keypoint L1, visibility, schema and score; with a grounding map, its loss towards the matched
     * box, {@link GroundingMapLoss}), in the caller's graph; the caller's manager owns
     * the intermediates, so a training step should run in its own scope.
     *
     * @throws IllegalArgumentException naming the group and target when a target is not a
     *                                  {@code KeypointsUnit} of a schema this decoder knows
     */
    @Override
    public NDArray loss(DecoderInput input, List<TargetGroup> targets) {
        input.checkTargets(targets);
        Output out = run(input, training);
        KeypointPredictions p = out.predictions();
        Matching matched = matcher.match(p.geometry(), targets,
                new KeypointTargets(input.frames(), config.schemas(), slots), KeypointLosses.cost(config, slots));
        NDArray loss = KeypointLosses.loss(p, matched, targets, config, slots);
        if (out.grounding().isEmpty()) {
            return loss;
        }
        if (matched.size() == 0) {
            return loss.add(Scalars.zeroLike(out.grounding().get(0))); // keeps the map's weights in the graph
        }
        // Every map is trained towards the matched instance's box, as DETR's are.
        NDArray align = GroundingMapLoss.loss(out.grounding(), out.height(), out.width(), KeypointLosses.boxesOnly(matched));
        return loss.add(Scalars.mul(align, config.alignWeight()));
    }

    @Override
    public Map<String, NDArray> parameters() {
        return params.asMap();
    }

    @Override
    public void save(Path file) throws IOException {
        params.save(file, SafetensorsWriter.metadata("format", "pt", "refvlm.decoder", NAME, "refvlm.unit",
                KeypointsUnit.UNIT));
        LOG.info("saved {} weights to {}", WHAT, file);
    }

    /** Writes this decoder as a {@link DecoderFolder}, the form the keypoint decoder service loads. */
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
