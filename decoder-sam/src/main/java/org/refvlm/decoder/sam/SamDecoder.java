package org.refvlm.decoder.sam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.decoder.sam.internal.SamCriterion;
import org.refvlm.decoder.sam.model.SamConfig;
import org.refvlm.decoder.sam.model.SamModel;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Init;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.MatMul;
import org.refvlm.nn.Mlp;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;
import org.refvlm.nn.Resize;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.RealQueries;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.support.DecoderFolder;
import org.refvlm.spi.support.MaskDecoding;
import org.refvlm.spi.support.QueryPadding;
import org.refvlm.tensor.safetensors.SafetensorsWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SAM mask decoder, as LISA, GLaMM and REF-VLM's SAM plug drive Segment Anything: SAM's image
 * encoder reads the request's picture ({@link SamPreprocessing}) once per image; each
 * {@code <REF>} embedding, layer-normalised, passes the projection MLP into SAM's prompt width and is the one sparse
 * prompt token of its own SAM call, with the no-mask dense embedding and the image-wide position
 * encoding; SAM's single-mask output is resized to the original image and thresholded, and SAM's
 * IoU head gives the mask's score.
 *
 * <p>Training: only {@link #parameters()} train, which are the projection and SAM's mask decoder,
 * plus the image or prompt encoder when the config says so (the trainer marks every parameter it
 * is given trainable; the rest stay frozen). Loss: {@link SamCriterion}. {@link #save} and
 * {@link #load} cover every parameter (SAM's under Hugging Face's names, the projection under
 * {@code projection.}). {@link #decode} is thread-safe; {@link #load} is in place and must run alone.
 */
public final class SamDecoder implements TrainableDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(SamDecoder.class);

    /** The decoder kind: factory property, folder loader PID suffix, a recipe's {@code "kind"}, the default name. */
    public static final String KIND = "sam";

    private static final String WHAT = "SAM mask decoder";
    private static final String PROJECTION = "projection";
    /** Parameters of the dense prompt from the platform's feature maps ({@link SamDecoderConfig#denseLevels()}). */
    private static final String DENSE = "dense_prompt";
    /**
     * Spread of the projection's output layer times sqrt(fan-in). On two shapes told apart only by
     * the reference (SelectsTheReferredObjectTest) the loss stays at 0.9 for 300 steps with
     * PyTorch's default draw and falls to 0.1 with gain 3 (0.08 with 10).
     */
    private static final double PROMPT_GAIN = 3;

    private final SamDecoderConfig config;
    private final Parameters params;
    private final SamModel sam;
    private final LayerNorm queryNorm;
    private final Mlp projection;
    private final SamCriterion criterion;
    private final Map<String, NDArray> trainable;

    /**
     * A decoder with fresh weights drawn from {@code seed}: SAM's sizes from {@code samConfig}.
     * Use {@link #create} to honour {@link SamDecoderConfig#samFrom()}.
     */
    public SamDecoder(SamDecoderConfig config, SamConfig samConfig, NDManager parent, long seed) {
        this.config = config.resolved(samConfig);
        this.params = new Parameters(parent.newSubManager(), seed);
        this.sam = new SamModel(params, samConfig);
        // Drawn so that a fresh prompt token is as large as SAM's point tokens (unit-spread Fourier
        // features plus an embedding): PyTorch's default draw gives tokens ten times smaller, which
        // SAM's attention then hardly reads, and training sits on a plateau where every reference of
        // an image gets the same mask until the projection has grown.
        // The REF states of a language model trained from scratch have no set scale; normalised, the
        // projection sees the same spread whatever model it is attached to.
        this.queryNorm = new LayerNorm(params, PROJECTION + ".norm", config.queryInputDim());
        params.declare(PROJECTION + ".layers.1.weight", new Shape(samConfig.prompt().hiddenSize(),
                config.projectionHidden()), Init.normal(PROMPT_GAIN / Math.sqrt(config.projectionHidden())));
        this.projection = new Mlp(params, PROJECTION, config.queryInputDim(), config.projectionHidden(),
                samConfig.prompt().hiddenSize(), 2, NonLinearity.RELU);
        for (int i = 0; i < config.denseLevels().size(); i++) {
            // zero at first: the decoder starts as the SAM it was given, and learns what the maps add
            params.declare(DENSE + "." + i + ".weight", new Shape(samConfig.prompt().hiddenSize(),
                    config.denseDims().get(i)), (shape, random) -> new float[Math.toIntExact(shape.size())]);
            params.declare(DENSE + "." + i + ".bias", new Shape(samConfig.prompt().hiddenSize()),
                    (shape, random) -> new float[Math.toIntExact(shape.size())]);
        }
        this.criterion = new SamCriterion(SamDecoderConfig.FOCAL_DICE.equals(config.loss()), config.maskWeight(),
                config.diceWeight(), config.areaTargets());
        Map<String, NDArray> train = new LinkedHashMap<>();
        params.asMap().forEach((name, array) -> {
            if (trains(name)) {
                train.put(name, array);
            }
        });
        this.trainable = Collections.unmodifiableMap(train);
        LOG.debug("created {}: {} parameter values, {} tensors of them train", WHAT, params.count(), train.size());
    }

    /**
     * A fresh decoder as a recipe asks for it: SAM's weights from {@code samFrom} when it is set
     * (a Hugging Face SAM folder), the projection drawn from {@code seed}.
     */
    public static SamDecoder create(SamDecoderConfig config, NDManager parent, long seed) throws IOException {
        if (config.samFrom() == null) {
            return new SamDecoder(config, config.sam(), parent, seed);
        }
        Path folder = Path.of(config.samFrom());
        SamConfig samConfig = SamConfig.read(folder.resolve("config.json"));
        if (config.sam() != null && !config.sam().equals(samConfig)) {
            throw new IllegalArgumentException("'sam' differs from " + folder.resolve("config.json")
                    + "; give one of them");
        }
        SamDecoder decoder = new SamDecoder(config, samConfig, parent, seed);
        try {
            decoder.sam.loadWeights(folder);
            LOG.info("SAM decoder starts from the SAM weights in {}", folder);
            return decoder;
        } catch (IOException | RuntimeException e) {
            decoder.close();
            throw e;
        }
    }

    /** Reads a decoder folder written by {@link #saveFolder}, checking every weight's name and shape. */
    public static SamDecoder loadFolder(Path dir, NDManager parent) throws IOException {
        return DecoderFolder.load(dir, SamDecoderConfig.class, c -> new SamDecoder(c, c.sam(), parent, 0));
    }

    private boolean trains(String name) {
        return name.startsWith(PROJECTION + ".") || name.startsWith(DENSE + ".") || name.startsWith(SamModel.MASK_DECODER)
                || config.trainImageEncoder() && name.startsWith(SamModel.IMAGE_ENCODER)
                || config.trainPromptEncoder() && (name.startsWith(SamModel.PROMPT_ENCODER)
                || name.equals(SamModel.SHARED_POSITION));
    }

    /** The Segment Anything model inside (for prompting it directly). */
    public SamModel sam() {
        return sam;
    }

    @Override
    public DecoderSpec spec() {
        // SAM reads the picture with its own encoder; the platform's maps only if a dense prompt asks for them
        return new DecoderSpec(config.queryInputDim(), config.numQueries(), config.denseLevels(), true);
    }

    /**
     * SAM's single-mask prediction for every query slot.
     *
     * @param logits [B, L, 4g, 4g] low-resolution logits on SAM's square (image at the top-left)
     * @param iou    [B, L] the IoU head's quality estimate
     */
    public record Prediction(NDArray logits, NDArray iou) {
    }

    /**
     * Runs SAM for every real query slot of the batch, in the caller's graph; padding slots get
     * logits 0 (SAM never runs for them: with a few references per image most slots are padding).
     */
    public Prediction predict(DecoderInput input) {
        QueryPadding.Padded slots = QueryPadding.fit(input.queries(), input.queryMask(), config.numQueries());
        NDArray queries = slots.queries();                                               // [B, L, D]
        NDManager m = queries.getManager();
        long b = queries.getShape().get(0), l = queries.getShape().get(1);
        List<DecoderImage> images = IntStream.range(0, input.batchSize()).mapToObj(input::image).toList();
        NDArray pixels = SamPreprocessing.pixels(images, m, sam.config().vision().imageSize());  // [B, 3, S, S]
        NDArray embeddings = sam.imageEmbeddings(pixels);                                // [B, C, g, g], once per image
        Shape e = embeddings.getShape();
        long c = e.get(1), g = e.get(2);
        NDArray prompts = projection.forward(queryNorm.forward(queries)).reshape(b * l, c);  // [BL, C]
        boolean[] real = slots.mask().toBooleanArray();                                  // [B * L]
        int count = 0;
        for (boolean r : real) {
            count += r ? 1 : 0;
        }
        // the real rows; without any (a batch with no references) every row, so the loss stays connected
        int rows = count == 0 ? real.length : count;
        float[] place = new float[real.length * rows];                                  // one-hot [BL, R]
        float[] sampleOf = new float[rows * (int) b];                                   // one-hot [R, B]
        for (int i = 0, r = 0; i < real.length; i++) {
            if (real[i] || count == 0) {
                place[i * rows + r] = 1;
                sampleOf[r * (int) b + (int) (i / l)] = 1;
                r++;
            }
        }
        NDArray placeRows = Constants.of(m, place, new Shape(b * l, rows));
        NDArray pick = placeRows.transpose();                                            // [R, BL]
        NDArray sparse = MatMul.of(pick, prompts).reshape(rows, 1, 1, c);                // [R, 1, 1, C]: one token per REF
        NDArray rowImage = Constants.of(m, sampleOf, new Shape(rows, b));              // [R, B]
        NDArray image = MatMul.of(rowImage, embeddings.reshape(b, c * g * g)).reshape(rows, c, g, g);  // its image
        NDArray dense = denseTokens(input, embeddings);                                   // [B, C, g, g] or null
        NDArray rowDense = dense == null ? null
                : MatMul.of(rowImage, dense.reshape(b, c * g * g)).reshape(rows, c, g, g);  // [R, C, g, g]
        SamModel.Masks masks = sam.decodeMasks(image, sparse, rowDense, false);
        long side = masks.logits().getShape().get(4);
        NDArray logits = MatMul.of(placeRows, masks.logits().reshape(rows, side * side));  // [BL, hw], 0 on padding
        NDArray iou = MatMul.of(placeRows, masks.iou().reshape(rows, 1));                // [BL, 1]
        return new Prediction(logits.reshape(b, l, side, side), iou.reshape(b, l));
    }

    /**
     * The dense prompt: SAM's no-mask embedding plus each configured feature map of the platform,
     * projected to SAM's width and resized to SAM's grid; null when none is configured (SAM then
     * uses its no-mask embedding alone). Both grids cover the same square with the picture at its
     * top-left, since SAM's preprocessing and the platform's pyramid place it so.
     *
     * @param embeddings [B, C, g, g] SAM's image embeddings (for the sizes)
     */
    private NDArray denseTokens(DecoderInput input, NDArray embeddings) {
        List<String> levels = config.denseLevels();
        if (levels.isEmpty()) {
            return null;
        }
        long b = embeddings.getShape().get(0), c = embeddings.getShape().get(1);
        int g = (int) embeddings.getShape().get(2);
        NDArray dense = sam.noMaskEmbedding(embeddings, b);                                // [B, C, g, g]
        for (int i = 0; i < levels.size(); i++) {
            NDArray map = input.feature(levels.get(i), config.denseDims().get(i));        // [B, d, h, w]
            NDArray w = Constants.alongside(map, params.get(DENSE + "." + i + ".weight").transpose());  // [d, C]
            NDArray bias = Constants.alongside(map, params.get(DENSE + "." + i + ".bias").reshape(1, 1, 1, c));  // a view
            NDArray projected = MatMul.of(map.transpose(0, 2, 3, 1), w).add(bias)
                    .transpose(0, 3, 1, 2);                                               // [B, C, h, w]
            if (projected.getShape().get(2) != g || projected.getShape().get(3) != g) {
                projected = Resize.bilinear(projected, g, g);                             // [B, C, g, g]
            }
            dense = dense.add(projected);
        }
        return dense;
    }

    @Override
    public List<List<DecodedUnit>> decode(DecoderInput input) {
        RealQueries real = input.realQueries();
        List<List<DecodedUnit>> results = new ArrayList<>(input.batchSize());
        try (NDScope scope = new NDScope()) {                                             // frees every intermediate
            Prediction p = predict(input);
            float[] iou = p.iou().toFloatArray();                                         // [B * L]
            int length = (int) p.iou().getShape().get(1);
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
                NDArray chosen = p.logits().get(b).get(p.logits().getManager().create(index));   // [Q, 4g, 4g]
                ImageFrame frame = SamPreprocessing.frame(input.frames().get(b));
                List<MaskUnit> masks = MaskDecoding.toMasks(chosen, frame, config.maskThreshold());
                List<DecodedUnit> out = new ArrayList<>(masks.size());
                for (int i = 0; i < masks.size(); i++) {
                    double score = Math.max(0, Math.min(1, iou[b * length + slots[i]]));  // the IoU head's estimate
                    out.add(new MaskUnit(masks.get(i).mask(), score));
                }
                results.add(List.copyOf(out));
            }
            scope.suppressNotUsedWarning();
        }
        return List.copyOf(results);
    }

    @Override
    public NDArray loss(DecoderInput input, List<TargetGroup> targets) {
        input.checkTargets(targets);
        List<ImageFrame> frames = input.frames().stream().map(SamPreprocessing::frame).toList();
        return criterion.loss(predict(input).logits(), targets, frames);
    }

    /** What trains: the projection and the mask decoder, plus what the config adds. */
    @Override
    public Map<String, NDArray> parameters() {
        return trainable;
    }

    /** Every parameter, trained or frozen. */
    public Map<String, NDArray> allParameters() {
        return params.asMap();
    }

    @Override
    public void save(Path file) throws IOException {
        params.save(file, SafetensorsWriter.metadata("format", "pt", "refvlm.decoder", KIND, "refvlm.unit",
                MaskUnit.UNIT));
    }

    @Override
    public void load(Path file) throws IOException {
        params.load(file, WHAT);
    }

    @Override
    public void train(boolean on) {
        // SAM has no dropout: nothing to switch
    }

    @Override
    public void saveFolder(Path dir) throws IOException {
        DecoderFolder.write(dir, config, this);
    }

    @Override
    public SamDecoderConfig config() {
        return config;
    }

    @Override
    public void close() {
        criterion.close();
        params.close();
    }
}
