package org.refvlm.decoder.maskformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.decoder.maskformer.internal.LegacyNames;
import org.refvlm.decoder.maskformer.internal.MaskCriterion;
import org.refvlm.decoder.maskformer.internal.MaskFormerNetwork;
import org.refvlm.nn.Parameters;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.RealQueries;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.support.DecoderFolder;
import org.refvlm.spi.support.MaskDecoding;
import org.refvlm.spi.support.QueryPadding;
import org.refvlm.tensor.safetensors.SafetensorsWriter;
import org.refvlm.tensor.safetensors.WeightLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mask decoder: {@code <REF>} embeddings and the feature pyramid in, one binary mask of the
 * original image per real query out. Parameters live in a sub-manager of the one given at
 * construction; {@link #close()} frees them.
 *
 * <p>{@link #decode} is thread-safe and always runs without dropout; {@link #loss} uses dropout
 * while {@link #train(boolean) training} is on. {@link #load} works in place and also reads
 * folders written with the names of refvlm 0.1 ({@link LegacyNames}).
 */
public final class MaskFormerDecoder implements TrainableDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(MaskFormerDecoder.class);
    /** The decoder kind: factory property, folder metadata and the default service name. */
    public static final String NAME = "maskformer";

    private static final String WHAT = "MaskFormer mask decoder";

    private final MaskFormerDecoderConfig config;
    private final Parameters params;
    private final MaskFormerNetwork network;
    private final MaskCriterion criterion;
    private volatile boolean training;

    /**
     * @param config sizes
     * @param parent manager whose device the parameters live on
     * @param seed   initialisation seed: the same seed gives the same parameters
     */
    public MaskFormerDecoder(MaskFormerDecoderConfig config, NDManager parent, long seed) {
        this.config = config;
        this.params = new Parameters(parent.newSubManager(), seed);
        this.network = new MaskFormerNetwork(params, config);
        this.criterion = new MaskCriterion(config.focalWeight(), config.diceWeight(), config.areaTargets());
        LOG.debug("created {} with {} parameter tensors ({} values)", WHAT, params.asMap().size(), params.count());
    }

    /** Reads a {@link DecoderFolder} written by {@link #saveFolder}, checking every weight's name and shape. */
    public static MaskFormerDecoder loadFolder(Path dir, NDManager parent) throws IOException {
        return DecoderFolder.load(dir, MaskFormerDecoderConfig.class, config -> new MaskFormerDecoder(config, parent, 0));
    }

    @Override
    public MaskFormerDecoderConfig config() {
        return config;
    }

    @Override
    public DecoderSpec spec() {
        return new DecoderSpec(config.queryInputDim(), config.numQueries(), config.featureLevels());
    }

    @Override
    public void train(boolean on) {
        this.training = on;
    }

    public boolean isTraining() {
        return training;
    }

    /**
     * The raw mask logits {@code [B, numQueries, H, W]} at the finest lateral level's resolution,
     * on the padded square; dropout follows {@link #isTraining()}.
     */
    public NDArray maskLogits(DecoderInput input) {
        List<NDArray> predictions = predictions(input, training);
        return predictions.get(predictions.size() - 1);
    }

    /** Every mask prediction, each {@code [B, numQueries, H, W]}; the last is the answer. */
    private List<NDArray> predictions(DecoderInput input, boolean dropout) {
        QueryPadding.Padded slots = QueryPadding.fit(input.queries(), input.queryMask(), config.numQueries());
        return network.maskLogits(slots.queries(), slots.mask(), input, dropout);
    }

    @Override
    public List<List<DecodedUnit>> decode(DecoderInput input) {
        RealQueries real = input.realQueries();
        List<List<DecodedUnit>> results = new ArrayList<>(input.batchSize());
        // Every intermediate array is closed when the scope ends; only Java objects leave it.
        try (NDScope scope = new NDScope()) {
            List<NDArray> predictions = predictions(input, false);
            NDArray logits = predictions.get(predictions.size() - 1);                         // [B, L, H, W]
            for (int b = 0; b < input.batchSize(); b++) {
                int[] slots = real.slots(b);
                if (slots.length == 0) {
                    results.add(List.of());
                    continue;
                }
                long[] index = new long[slots.length];
                for (int i = 0; i < slots.length; i++) {
                    index[i] = slots[i];
                }
                NDArray chosen = logits.get(b).get(logits.getManager().create(index));       // [Q, H, W]
                List<MaskUnit> masks = MaskDecoding.toMasks(chosen, input.frames().get(b), config.maskThreshold());
                results.add(List.copyOf(masks));
            }
            scope.suppressNotUsedWarning();
        }
        return List.copyOf(results);
    }

    @Override
    public NDArray loss(DecoderInput input, List<TargetGroup> targets) {
        input.checkTargets(targets);
        // With masked attention every prediction is matched and scored on its own (Mask2Former's
        // auxiliary losses); their mean keeps the loss on the scale of a single prediction's.
        return criterion.loss(predictions(input, training), targets, input.frames());
    }

    @Override
    public Map<String, NDArray> parameters() {
        return params.asMap();
    }

    @Override
    public void save(Path file) throws IOException {
        params.save(file, SafetensorsWriter.metadata("format", "pt", "refvlm.decoder", NAME, "refvlm.unit",
                MaskUnit.UNIT));
        LOG.debug("saved {} to {}", WHAT, file);
    }

    @Override
    public void saveFolder(Path dir) throws IOException {
        DecoderFolder.write(dir, config, this);
    }

    /**
     * Replaces every parameter's values with the file's, in place. Names and shapes are checked
     * before any value is read, and every mismatch is reported at once; on any failure the current
     * parameters stay as they were. Names written by refvlm 0.1 are converted ({@link LegacyNames}).
     */
    @Override
    public void load(Path file) throws IOException {
        params.load(file, WeightLoader.strict(WHAT), LegacyNames.TO_CURRENT);
        LOG.debug("loaded {} from {}", WHAT, file);
    }

    @Override
    public void close() {
        criterion.close();
        params.close();
    }
}
