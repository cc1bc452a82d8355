package org.refvlm.decoder.depth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.DepthUnit;
import org.refvlm.decoder.depth.internal.DepthCriterion;
import org.refvlm.decoder.depth.internal.DepthDecoding;
import org.refvlm.decoder.depth.internal.DepthNetwork;
import org.refvlm.nn.Constants;
import org.refvlm.nn.MatMul;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Scalars;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.RealQueries;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.support.DecoderFolder;
import org.refvlm.spi.support.QueryPadding;
import org.refvlm.tensor.safetensors.SafetensorsWriter;
import org.refvlm.tensor.safetensors.WeightLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The depth decoder (kind {@value #KIND}): {@code <REF>} embeddings and the feature pyramid in, one
 * depth map of the whole original image, in metres, per real query out ({@link DepthNetwork} has the
 * model, {@link DepthCriterion} the loss). Only real queries are computed: the pyramid's laterals once
 * per image, the conditioned top-down path once per query. Parameters live in a sub-manager of the
 * one given at construction; {@link #close()} frees them.
 *
 * <p>{@link #decode} is thread-safe. The network has no dropout, so {@link #train(boolean)} changes
 * nothing but the flag.
 */
public final class DepthDecoder implements TrainableDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(DepthDecoder.class);
    /** The decoder kind: factory property, folder metadata and the default service name. */
    public static final String KIND = "depth-fpn";

    private static final String WHAT = "depth decoder";

    private final DepthDecoderConfig config;
    private final Parameters params;
    private final DepthNetwork network;
    private final DepthCriterion criterion;
    private volatile boolean training;

    /**
     * @param config sizes
     * @param parent manager whose device the parameters live on
     * @param seed   initialisation seed: the same seed gives the same parameters
     */
    public DepthDecoder(DepthDecoderConfig config, NDManager parent, long seed) {
        this.config = config;
        this.params = new Parameters(parent.newSubManager(), seed);
        this.network = new DepthNetwork(params, config);
        this.criterion = new DepthCriterion(config);
        LOG.debug("created {} with {} parameter tensors ({} values)", WHAT, params.asMap().size(), params.count());
    }

    /** Reads a {@link DecoderFolder} written by {@link #saveFolder}, checking every weight's name and shape. */
    public static DepthDecoder loadFolder(Path dir, NDManager parent) throws IOException {
        return DecoderFolder.load(dir, DepthDecoderConfig.class, config -> new DepthDecoder(config, parent, 0));
    }

    @Override
    public DepthDecoderConfig config() {
        return config;
    }

    @Override
    public DecoderSpec spec() {
        return new DecoderSpec(config.queryInputDim(), config.numQueries(), config.featureLevels(), network.refines());
    }

    @Override
    public void train(boolean on) {
        this.training = on;
    }

    public boolean isTraining() {
        return training;
    }

    /** The real queries of a batch, fitted to the decoder's slots, and their predicted log depth. */
    private record Prediction(RealQueries real, int length, long[] rows, NDArray logDepth) {
    }

    /** @return log depth [K, h, w] of the K real queries, in (sample, slot) order */
    private Prediction predict(DecoderInput input) {
        QueryPadding.Padded slots = QueryPadding.fit(input.queries(), input.queryMask(), config.numQueries());
        int b = input.batchSize(), length = config.numQueries();
        RealQueries real = RealQueries.of(slots.mask().toType(DataType.BOOLEAN, false).toBooleanArray(), b, length);
        List<Long> rows = new ArrayList<>();
        List<Long> samples = new ArrayList<>();
        for (int s = 0; s < b; s++) {
            for (int slot : real.slots(s)) {
                rows.add(real.row(s, slot));
                samples.add((long) s);
            }
        }
        long[] rowIndex = rows.stream().mapToLong(Long::longValue).toArray();
        if (rowIndex.length == 0) {
            return new Prediction(real, length, rowIndex, null);
        }
        NDArray flat = slots.queries().reshape(-1, config.queryInputDim());                      // [B * L, D]
        NDArray queries = flat.get(flat.getManager().create(rowIndex));                          // [K, D]
        long[] sampleIndex = samples.stream().mapToLong(Long::longValue).toArray();
        return new Prediction(real, length, rowIndex, network.logDepth(input, queries, sampleIndex, pictures(input)));
    }

    /** [B, 3, S, S] the batch's padded squares for the refinement, or null when the head has none. */
    private NDArray pictures(DecoderInput input) {
        return network.refines() ? input.pictures(config.refineSide()) : null;
    }

    /**
     * The predicted log depth (metres) of every query slot, {@code [B, numQueries, h, w]} on the
     * padded square at the finest feature level's resolution (or {@code refineSide}); padding slots hold 0. A batch without
     * real queries gives zeros tied to no parameter.
     */
    public NDArray logDepth(DecoderInput input) {
        Prediction p = predict(input);
        if (p.logDepth() == null) {
            NDArray finest = input.feature(config.featureLevels().get(0), config.featureDims().get(0));
            long h = network.refines() ? config.refineSide() : finest.getShape().get(2);
            long w = network.refines() ? config.refineSide() : finest.getShape().get(3);
            return finest.getManager().zeros(new Shape(input.batchSize(), p.length(), h, w));
        }
        return slotted(p, input.batchSize());
    }

    /** The K real maps scattered into their slots: [B, L, h, w]. */
    private static NDArray slotted(Prediction p, int b) {
        Shape s = p.logDepth().getShape();
        long k = s.get(0), h = s.get(1), w = s.get(2);
        // One product with a 0/1 [B * L, K] matrix: it stays in the graph, and padding slots come out
        // 0 without being computed.
        float[] place = new float[Math.toIntExact(b * p.length() * k)];
        for (int i = 0; i < k; i++) {
            place[Math.toIntExact(p.rows()[i] * k + i)] = 1f;
        }
        NDArray placement = Constants.of(p.logDepth().getManager(), place, new Shape(b * (long) p.length(), k));
        return MatMul.of(placement, p.logDepth().reshape(k, h * w)).reshape(b, p.length(), h, w);  // [B, L, h, w]
    }

    @Override
    public List<List<DecodedUnit>> decode(DecoderInput input) {
        List<List<DecodedUnit>> results = new ArrayList<>(input.batchSize());
        // Every intermediate array is closed when the scope ends; only Java objects leave it.
        try (NDScope scope = new NDScope()) {
            Prediction p = predict(input);
            int next = 0;
            for (int b = 0; b < input.batchSize(); b++) {
                int count = p.real().count(b);
                if (count == 0) {
                    results.add(List.of());
                    continue;
                }
                NDArray mine = p.logDepth().get(next + ":" + (next + count));                  // [Q, h, w]
                next += count;
                results.add(List.copyOf(DepthDecoding.toDepthMaps(mine, input.frames().get(b))));
            }
            scope.suppressNotUsedWarning();
        }
        return List.copyOf(results);
    }

    /**
     * The SILog loss of the matched queries against their depth targets: {@link DepthUnit}s of one
     * value per original-image pixel in metres, 0 where the depth is unknown. A batch without
     * targets, or without real queries, gives a zero that still depends on every parameter.
     */
    @Override
    public NDArray loss(DecoderInput input, List<TargetGroup> targets) {
        input.checkTargets(targets);
        Prediction p = predict(input);
        if (p.logDepth() == null) {
            // No real query (so no target either): one query of zeros on sample 0 ties the zero to
            // every parameter, so the decoder stays in the step's graph.
            NDArray zeros = input.queries().getManager().zeros(new Shape(1, config.queryInputDim()));
            return Scalars.zeroLike(network.logDepth(input, zeros, new long[] {0}, pictures(input)));
        }
        return criterion.loss(slotted(p, input.batchSize()), targets, input.frames());
    }

    @Override
    public Map<String, NDArray> parameters() {
        return params.asMap();
    }

    @Override
    public void save(Path file) throws IOException {
        params.save(file, SafetensorsWriter.metadata("format", "pt", "refvlm.decoder", KIND, "refvlm.unit",
                DepthUnit.UNIT));
        LOG.debug("saved {} to {}", WHAT, file);
    }

    @Override
    public void saveFolder(Path dir) throws IOException {
        DecoderFolder.write(dir, config, this);
    }

    /**
     * Replaces every parameter's values with the file's, in place. Names and shapes are checked
     * before any value is read, and every mismatch is reported at once; on any failure the current
     * parameters stay as they were.
     */
    @Override
    public void load(Path file) throws IOException {
        params.load(file, WHAT);
        LOG.debug("loaded {} from {}", WHAT, file);
    }

    @Override
    public void close() {
        criterion.close();
        params.close();
    }
}
