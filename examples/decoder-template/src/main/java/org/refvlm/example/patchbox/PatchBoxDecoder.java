package org.refvlm.example.patchbox;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.nn.AttentionMask;
import org.refvlm.nn.LayerNorm;
import org.refvlm.nn.Linear;
import org.refvlm.nn.Mlp;
import org.refvlm.nn.MultiHeadAttention;
import org.refvlm.nn.NonLinearity;
import org.refvlm.nn.Parameters;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.support.BoxLosses;
import org.refvlm.spi.support.BoxTargets;
import org.refvlm.spi.support.DecoderFolder;
import org.refvlm.spi.support.Matching;
import org.refvlm.spi.support.TargetMatcher;
import org.refvlm.tensor.safetensors.SafetensorsWriter;

/**
 * The template decoder: unit {@code box}, from the picture itself. Its {@link PatchBackbone} reads
 * the request's padded square (so its {@link DecoderSpec} asks for the image); each {@code <REF>}
 * embedding, projected to the backbone's width, attends to the patches (their position added to
 * keys and values, so where the attended patches are can be read off the result), and an MLP turns
 * the result into a normalised {@code (cx, cy, w, h)} box on the padded square.
 *
 * <p>Training: grouped Hungarian matching of the boxes against each phrase group's targets
 * ({@link TargetMatcher} with {@link BoxTargets}), then DETR's L1 + GIoU loss on the pairs
 * ({@link BoxLosses}). Parameters live in a sub-manager of the one given; {@link #close} frees
 * them. {@link #decode} is thread-safe; {@link #load} is in place and must run alone.
 */
public final class PatchBoxDecoder implements TrainableDecoder {

    /** The decoder kind: the factory's property, the folder loader's PID suffix, a recipe's {@code "kind"}. */
    public static final String KIND = "patchbox";

    private static final String WHAT = "patchbox decoder";

    private final PatchBoxConfig config;
    private final Parameters params;
    private final PatchBackbone backbone;
    private final Linear query;
    private final MultiHeadAttention attend;
    private final LayerNorm norm;
    private final Mlp box;
    private final TargetMatcher matcher = new TargetMatcher();

    /** Fresh weights drawn from {@code seed}, on a sub-manager of {@code parent}. */
    public PatchBoxDecoder(PatchBoxConfig config, NDManager parent, long seed) {
        this.config = config;
        this.params = new Parameters(parent.newSubManager(), seed);
        this.backbone = new PatchBackbone(params, config);
        this.query = new Linear(params, "query", config.queryInputDim(), config.width());
        this.attend = new MultiHeadAttention(params, "attend", config.width(), config.heads());
        this.norm = new LayerNorm(params, "norm", config.width());
        this.box = new Mlp(params, "box", config.width(), config.width(), 4, 3, NonLinearity.RELU);
    }

    /** Reads a decoder folder written by {@link #saveFolder}, checking every weight's name and shape. */
    public static PatchBoxDecoder loadFolder(Path dir, NDManager parent) throws IOException {
        return DecoderFolder.load(dir, PatchBoxConfig.class, c -> new PatchBoxDecoder(c, parent, 0));
    }

    @Override
    public DecoderSpec spec() {
        // no feature maps of the platform's encoders, but the picture
        return new DecoderSpec(config.queryInputDim(), config.numQueries(), List.of(), true);
    }

    /** Boxes for every query slot: [B, L, 4] normalised (cx, cy, w, h) on the padded square. */
    public NDArray boxes(DecoderInput input) {
        NDArray queries = input.queries();                                           // [B, L, D]
        // input.image(b) names the problem if the platform sent no pictures
        List<DecoderImage> images = IntStream.range(0, input.batchSize()).mapToObj(input::image).toList();
        PatchBackbone.Tokens patches = backbone.forward(images, queries.getManager());
        NDArray located = patches.tokens().add(patches.position());                  // [B, N, C]
        NDArray q = query.forward(queries);                                          // [B, L, C]
        NDArray attended = attend.forward(q, located, located, AttentionMask.NONE);  // [B, L, C]
        return Activation.sigmoid(box.forward(norm.forward(q.add(attended))));      // [B, L, 4]
    }

    @Override
    public List<List<DecodedUnit>> decode(DecoderInput input) {
        int length = input.queryLength();
        float[] boxes;
        try (NDScope scope = new NDScope()) {                                         // frees every intermediate
            boxes = boxes(input).toType(DataType.FLOAT32, false).toFloatArray();      // [B * L * 4]
            scope.suppressNotUsedWarning();
        }
        return input.realQueries().decodeEach((b, slot) -> {
            int at = (b * length + slot) * 4;
            return input.frames().get(b).pixelBox(boxes[at], boxes[at + 1], boxes[at + 2], boxes[at + 3],
                    BoxUnit.NO_SCORE);
        });
    }

    @Override
    public NDArray loss(DecoderInput input, List<TargetGroup> targets) {
        input.checkTargets(targets);
        NDArray predicted = boxes(input);                                             // [B, L, 4]
        Matching matched = matcher.match(predicted, targets, new BoxTargets(input.frames()),
                BoxLosses.cost(config.l1Weight(), config.giouWeight()));
        return BoxLosses.loss(predicted, matched, config.l1Weight(), config.giouWeight());
    }

    @Override
    public Map<String, NDArray> parameters() {
        return params.asMap();
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
        // no dropout: nothing to switch
    }

    @Override
    public void saveFolder(Path dir) throws IOException {
        DecoderFolder.write(dir, config, this);
    }

    @Override
    public PatchBoxConfig config() {
        return config;
    }

    @Override
    public void close() {
        matcher.close();
        params.close();
    }
}
