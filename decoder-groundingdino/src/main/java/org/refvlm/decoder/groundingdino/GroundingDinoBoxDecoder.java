package org.refvlm.decoder.groundingdino;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.decoder.groundingdino.internal.GroundingLoss;
import org.refvlm.decoder.groundingdino.model.DetectorPixels;
import org.refvlm.decoder.groundingdino.model.GroundingDino;
import org.refvlm.decoder.groundingdino.model.GroundingDinoConfig;
import org.refvlm.decoder.groundingdino.model.GroundingDinoModels;
import org.refvlm.decoder.groundingdino.model.TextTokens;
import org.refvlm.nn.Constants;
import org.refvlm.nn.Mlp;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.support.DecoderFolder;
import org.refvlm.tensor.safetensors.SafetensorsFile;
import org.refvlm.tensor.safetensors.SafetensorsWriter;
import org.refvlm.tensor.safetensors.TensorSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grounding DINO driven by {@code <REF>} embeddings (kind {@code groundingdino}, unit box), as
 * VisionLLM v2 drives it from its language model: each real {@code <REF>} embedding, through a
 * projection MLP ({@code ref_projection}), becomes one "text token" (BERT is not used); the token
 * mask is the REF mask, position ids run 0..L-1, and the real tokens attend to each other while a
 * padded one sees only itself. The detector reads the request's padded square with its own Swin
 * backbone. For each {@code <REF>} the answer is the box of the query whose contrastive logit for
 * that REF's column is highest, scored by that logit's sigmoid.
 *
 * <p>Training ({@link GroundingLoss}): focal classification over the REF columns plus L1 and GIoU
 * on Hungarian-matched pairs, on every decoder layer and on the selected encoder proposals. {@link #parameters()} are what trains: the
 * projection and the detector without its text encoder, and without the backbone unless
 * {@code trainBackbone}. {@link #decode} is thread-safe; {@link #load} must run alone.
 */
public final class GroundingDinoBoxDecoder implements TrainableDecoder {

    /** The decoder kind and default name. */
    public static final String KIND = "groundingdino";

    private static final Logger LOG = LoggerFactory.getLogger(GroundingDinoBoxDecoder.class);
    private static final String WHAT = "Grounding DINO box decoder";
    private static final String PROJECTION = "ref_projection";

    private final GroundingDinoDecoderConfig config;
    private final Parameters params;
    private final GroundingDino detector;
    private final Mlp projection;
    private final GroundingLoss criterion;

    /** Fresh weights drawn from {@code seed} (or read from {@code initFrom}), on a sub-manager of {@code parent}. */
    public GroundingDinoBoxDecoder(GroundingDinoDecoderConfig config, NDManager parent, long seed) {
        this.config = config;
        this.params = new Parameters(parent.newSubManager(), seed);
        GroundingDinoConfig dc = config.detectorConfig();
        this.detector = new GroundingDino(dc, params);
        // VisionLLM v2's patch2query: D -> d -> d with ReLU between
        this.projection = new Mlp(params, PROJECTION, config.queryInputDim(), dc.dModel(), dc.dModel(),
                config.projectionLayers(), NonLinearity.RELU);
        this.criterion = new GroundingLoss(config.lossWeights());
        if (!config.initFrom().isEmpty()) {
            try {
                initFrom(Path.of(config.initFrom()), dc);
            } catch (IOException | RuntimeException e) {
                close();
                throw new IllegalArgumentException("initFrom " + config.initFrom() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Reads a decoder folder written by {@link #saveFolder}, checking every weight's name and shape. */
    public static GroundingDinoBoxDecoder loadFolder(Path dir, NDManager parent) throws IOException {
        return DecoderFolder.load(dir, GroundingDinoDecoderConfig.class,
                c -> new GroundingDinoBoxDecoder(withoutInit(c), parent, 0));
    }

    // a saved folder carries its weights: reading it must not depend on where the detector first came from
    private static GroundingDinoDecoderConfig withoutInit(GroundingDinoDecoderConfig c) {
        return new GroundingDinoDecoderConfig(c.queryInputDim(), c.numQueries(), c.imageSide(), c.detector(),
                c.projectionLayers(), c.classWeight(), c.l1Weight(), c.giouWeight(), c.focalAlpha(), c.focalGamma(),
                c.auxiliaryLoss(), c.trainBackbone(), "");
    }

    private void initFrom(Path folder, GroundingDinoConfig expected) throws IOException {
        GroundingDinoConfig found = GroundingDinoConfig.read(folder.resolve("config.json"));
        if (!found.equals(expected)) {
            throw new IllegalArgumentException("its config differs from the decoder's detector config: " + found
                    + " vs " + expected);
        }
        try (TensorSource source = SafetensorsFile.open(folder.resolve("model.safetensors"))) {
            params.load(source, GroundingDinoModels.loader(expected).allowingMissing(PROJECTION + "\\..*"));
        }
        LOG.info("Grounding DINO decoder starts from the detector weights of {}", folder);
    }

    @Override
    public DecoderSpec spec() {
        return new DecoderSpec(config.queryInputDim(), config.numQueries(), List.of(), true);
    }

    /** The detector's per-layer logits over the REF columns [B, Q, L] and boxes [B, Q, 4] on the padded square. */
    public GroundingDino.Output detect(DecoderInput input) {
        return detect(input, false);
    }

    private GroundingDino.Output detect(DecoderInput input, boolean inference) {
        NDArray queries = input.queries();                                                   // [B, L, D]
        NDArray pixels = DetectorPixels.of(input, config.imageSide());                          // [B, 3, S, S]
        TextTokens text = refTokens(projection.forward(queries), input.queryMask());
        return inference ? detector.infer(pixels, text) : detector.forward(pixels, text);
    }

    /** VisionLLM v2's text inputs from the projected REFs: the REF mask, positions 0..L-1, a block self-mask. */
    static TextTokens refTokens(NDArray features, NDArray queryMask) {
        NDManager m = features.getManager();
        int b = (int) features.getShape().get(0);
        int l = (int) features.getShape().get(1);
        boolean[] real = queryMask.toType(DataType.BOOLEAN, false).toBooleanArray();
        float[] self = new float[b * l * l];
        float[] pos = new float[b * l];
        for (int s = 0; s < b; s++) {
            for (int i = 0; i < l; i++) {
                pos[s * l + i] = i;
                for (int j = 0; j < l; j++) {
                    boolean allowed = i == j || (real[s * l + i] && real[s * l + j]);
                    self[(s * l + i) * l + j] = allowed ? 1f : 0f;
                }
            }
        }
        NDArray selfMask = Constants.of(m, self, new Shape(b, l, l)).gt(0.5f);
        return new TextTokens(features, queryMask.toType(DataType.BOOLEAN, false), selfMask,
                Constants.of(m, pos, new Shape(b, l)));
    }

    @Override
    public List<List<DecodedUnit>> decode(DecoderInput input) {
        int l = input.queryLength();
        int q;
        float[] logits;
        float[] boxes;
        try (NDScope scope = new NDScope()) {
            GroundingDino.Output out = detect(input, true);
            NDArray lg = out.finalLogits();                                                   // [B, Q, L]
            q = (int) lg.getShape().get(1);
            logits = lg.toType(DataType.FLOAT32, false).toFloatArray();
            boxes = out.finalBoxes().toType(DataType.FLOAT32, false).toFloatArray();          // [B * Q * 4]
            scope.suppressNotUsedWarning();
        }
        return input.realQueries().decodeEach((b, slot) -> {
            int best = 0;
            float top = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < q; k++) {
                float v = logits[(b * q + k) * l + slot];
                if (v > top) {
                    top = v;
                    best = k;
                }
            }
            int at = (b * q + best) * 4;
            double score = 1 / (1 + Math.exp(-top));
            return input.frames().get(b).pixelBox(boxes[at], boxes[at + 1], boxes[at + 2], boxes[at + 3], score);
        });
    }

    @Override
    public NDArray loss(DecoderInput input, List<TargetGroup> targets) {
        input.checkTargets(targets);
        GroundingDino.Output out = detect(input);
        List<NDArray> logits = new java.util.ArrayList<>();
        List<NDArray> boxes = new java.util.ArrayList<>();
        if (config.auxiliaryLoss()) {
            // as the original: the selected proposals (the encoder's "interm" outputs) and every decoder layer
            logits.add(out.encoderLogits());
            boxes.add(out.encoderBoxes());
            logits.addAll(out.logits());
            boxes.addAll(out.boxes());
        } else {
            logits.add(out.finalLogits());
            boxes.add(out.finalBoxes());
        }
        return criterion.loss(logits, boxes, input.queryMask(), input.frames(), targets);
    }

    /** What trains: everything but the text encoder (unused here) and, unless configured, the backbone. */
    @Override
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        params.asMap().forEach((name, p) -> {
            boolean text = name.startsWith("model.text_backbone.") || name.startsWith("model.text_projection.");
            boolean backbone = name.startsWith("model.backbone.");
            if (!text && (!backbone || config.trainBackbone())) {
                out.put(name, p);
            }
        });
        return out;
    }

    /** Every weight, the detector's under transformers' names. */
    public Map<String, NDArray> allParameters() {
        return params.asMap();
    }

    public GroundingDino detector() {
        return detector;
    }

    @Override
    public void save(Path file) throws IOException {
        params.save(file, SafetensorsWriter.metadata("format", "pt", "refvlm.decoder", KIND, "refvlm.unit", BoxUnit.UNIT));
    }

    @Override
    public void load(Path file) throws IOException {
        params.load(file, WHAT);
    }

    @Override
    public void train(boolean on) {
        // the detector's dropout is 0 in every Grounding DINO config: nothing to switch
    }

    @Override
    public void saveFolder(Path dir) throws IOException {
        DecoderFolder.write(dir, config, this);
    }

    @Override
    public GroundingDinoDecoderConfig config() {
        return config;
    }

    @Override
    public void close() {
        criterion.close();
        params.close();
    }
}
