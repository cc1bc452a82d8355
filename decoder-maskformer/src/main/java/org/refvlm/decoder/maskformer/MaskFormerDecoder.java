package org.refvlm.decoder.maskformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.api.DecodedUnit;
import org.refvlm.core.matching.GroupedAssignment;
import org.refvlm.core.matching.GroupedHungarianMatcher;
import org.refvlm.decoder.maskformer.internal.EngineTensors;
import org.refvlm.decoder.maskformer.internal.MaskCriterion;
import org.refvlm.decoder.maskformer.internal.MaskDecoding;
import org.refvlm.decoder.maskformer.internal.MaskFormerNetwork;
import org.refvlm.decoder.maskformer.internal.ParameterInit;
import org.refvlm.decoder.maskformer.internal.QuerySlots;
import org.refvlm.spi.DecoderFolder;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.tensor.safetensors.SafetensorsFile;
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
 * while {@link #train(boolean) training} is on. {@link #load} replaces the parameter arrays:
 * callers holding the old {@link #parameters()} map must fetch it again (trainability is carried
 * over).
 */
public final class MaskFormerDecoder implements TrainableDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(MaskFormerDecoder.class);
    /** The decoder kind: factory property, folder metadata and the default service name. */
    public static final String NAME = "maskformer";

    private static final String WHAT = "MaskFormer mask decoder";

    private final MaskFormerDecoderConfig config;
    private final NDManager manager;
    private final Map<String, Shape> shapes;
    private final MaskCriterion criterion;
    private volatile Map<String, NDArray> params;
    private volatile boolean training;

    /**
     * @param config sizes
     * @param parent manager whose device the parameters live on
     * @param seed   initialisation seed: the same seed gives the same parameters
     */
    public MaskFormerDecoder(MaskFormerDecoderConfig config, NDManager parent, long seed) {
        this.config = config;
        this.manager = parent.newSubManager();
        var layout = MaskFormerNetwork.layout(config);
        this.shapes = Collections.unmodifiableMap(layout.shapes());
        this.params = Collections.unmodifiableMap(ParameterInit.create(layout, manager, seed));
        // A single-threaded solver: a batch's few small groups never repay waking helper threads.
        this.criterion = new MaskCriterion(new GroupedHungarianMatcher(GroupedAssignment.sequential()),
                config.focalWeight(), config.diceWeight(), config.areaTargets());
        LOG.debug("created {} with {} parameter tensors ({} values)", WHAT, shapes.size(),
                shapes.values().stream().mapToLong(Shape::size).sum());
    }

    public MaskFormerDecoderConfig config() {
        return config;
    }

    @Override
    public DecoderSpec spec() {
        return new DecoderSpec(config.queryInputDim(), config.numQueries(), config.featureLevels());
    }

    /** Switches dropout in {@link #loss} on or off. */
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
        return forward(input, training).logits();
    }

    /**
     * @param predictions every mask prediction, each [B, L, H, W]; the last is the answer
     * @param mask        [B, L] the real query slots
     */
    private record Forward(List<NDArray> predictions, NDArray mask) {
        NDArray logits() {
            return predictions.get(predictions.size() - 1);
        }
    }

    private Forward forward(DecoderInput input, boolean dropout) {
        QuerySlots slots = QuerySlots.fit(input.queries(), input.queryMask(), config.numQueries());
        List<NDArray> predictions = MaskFormerNetwork.maskLogits(params, config, slots.queries(), slots.mask(),
                input.features(), dropout);
        return new Forward(predictions, slots.mask());
    }

    @Override
    public List<List<DecodedUnit>> decode(DecoderInput input) {
        List<List<DecodedUnit>> results = new ArrayList<>(input.batchSize());
        // Every intermediate array is closed when the scope ends; only Java objects leave it.
        try (NDScope scope = new NDScope()) {
            Forward f = forward(input, false);
            long l = f.logits().getShape().get(1), h = f.logits().getShape().get(2), w = f.logits().getShape().get(3);
            boolean[] real = f.mask().toType(DataType.BOOLEAN, false).toBooleanArray();
            for (int b = 0; b < input.batchSize(); b++) {
                List<Integer> queries = new ArrayList<>();
                for (int q = 0; q < l; q++) {
                    if (real[(int) (b * l + q)]) {
                        queries.add(q);
                    }
                }
                float[] select = new float[(int) (queries.size() * l)];
                for (int i = 0; i < queries.size(); i++) {
                    select[(int) (i * l + queries.get(i))] = 1f;
                }
                NDArray sample = f.logits().get(b).reshape(l, h * w);                            // [L, H*W]
                NDArray chosen = sample.getManager().create(select, new Shape(queries.size(), l))
                        .matMul(sample).reshape(queries.size(), h, w);                           // [Q, H, W]
                results.add(List.copyOf(MaskDecoding.toMasks(chosen, input.frames().get(b), config.maskThreshold())));
            }
            scope.suppressNotUsedWarning();
        }
        return results;
    }

    @Override
    public NDArray loss(DecoderInput input, List<TargetGroup> targets) {
        Forward f = forward(input, training);
        // With masked attention every prediction is matched and scored on its own (Mask2Former's
        // auxiliary losses); their mean keeps the loss on the scale of a single prediction's.
        return criterion.loss(f.predictions(), f.mask().toType(DataType.BOOLEAN, false), targets, input.frames());
    }

    @Override
    public Map<String, NDArray> parameters() {
        return params;
    }

    /** Name to shape of every parameter, as {@link #load} expects them. */
    public Map<String, Shape> parameterShapes() {
        return shapes;
    }

    @Override
    public void save(Path file) throws IOException {
        SafetensorsWriter.write(file, params, SafetensorsWriter.metadata("format", "pt",
                "refvlm.decoder", "maskformer", "refvlm.config", config.toString()));
        LOG.debug("saved {} to {}", WHAT, file);
    }

    /** Writes this decoder as a {@link DecoderFolder}, the form the platform's MaskFormer decoder service loads. */
    public void saveFolder(Path dir) throws IOException {
        DecoderFolder.write(dir, config, this);
    }

    /** Reads a {@link DecoderFolder} written by {@link #saveFolder}, checking every weight's name and shape. */
    public static MaskFormerDecoder loadFolder(Path dir, NDManager parent) throws IOException {
        return DecoderFolder.load(dir, MaskFormerDecoderConfig.class, config -> new MaskFormerDecoder(config, parent, 0));
    }

    /**
     * Replaces every parameter with the file's tensors. Names and shapes are checked before any
     * value is read, and every mismatch is reported at once; on any failure the current
     * parameters stay as they were.
     */
    @Override
    public void load(Path file) throws IOException {
        Map<String, NDArray> loaded;
        try (SafetensorsFile source = SafetensorsFile.open(file)) {
            loaded = WeightLoader.strict(WHAT).load(source, shapes, manager);
        }
        Map<String, NDArray> next = new LinkedHashMap<>();
        for (String name : shapes.keySet()) {
            NDArray array = loaded.get(name);
            if (array.getDataType() != DataType.FLOAT32) {
                loaded.values().forEach(NDArray::close);
                throw new IOException(file + ": tensor '" + name + "' of " + WHAT + " is "
                        + array.getDataType() + ", expected a floating-point type");
            }
            next.put(name, array);
        }
        // the file's buffers are wrapped, not copied: give the weights storage the engine owns
        next.replaceAll((name, array) -> {
            NDArray owned = EngineTensors.owned(array);
            owned.setName(name);
            return owned;
        });
        Map<String, NDArray> old = params;
        for (Map.Entry<String, NDArray> e : next.entrySet()) {
            if (old.get(e.getKey()).hasGradient()) {
                e.getValue().setRequiresGradient(true);
            }
        }
        params = Collections.unmodifiableMap(next);
        old.values().forEach(NDArray::close);
        LOG.debug("loaded {} from {}", WHAT, file);
    }

    @Override
    public void close() {
        criterion.close();
        manager.close();
    }
}
