package org.refvlm.core.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Request;
import org.refvlm.api.Response;
import org.refvlm.api.RefVlm;
import org.refvlm.api.model.Generation;
import org.refvlm.api.model.GenerationOptions;
import org.refvlm.api.model.IncrementalDecoder;
import org.refvlm.api.model.LanguageModel;
import org.refvlm.core.vision.Projector;
import org.refvlm.core.internal.router.LatentRouter;
import org.refvlm.core.internal.router.ReferenceCapture;
import org.refvlm.encoder.VisionEncoder;
import org.refvlm.spi.DecoderImage;
import org.refvlm.tensor.TensorRuntime;
import org.refvlm.trp.Diagnostic;
import org.refvlm.trp.ParseResult;

/**
 * One request end to end (paper Fig. 4): the image through the encoders, image and visual-prompt
 * tokens through the shared projector into the prompt, the language model writing TRP while the
 * {@code <REF>} states are captured, and the router handing each group to its decoder.
 */
public final class RequestPipeline implements RefVlm {

    private final LanguageModel model;
    private final VisionEncoder vit;
    private final Optional<VisionEncoder> pyramid;
    private final Projector projector;
    private final LatentRouter router;
    private final TensorRuntime tensors;
    private final PipelineSettings settings;
    private final GenerationBatcher batcher;

    public RequestPipeline(LanguageModel model, VisionEncoder vit, Optional<VisionEncoder> pyramid, Projector projector,
            DecoderRegistry registry, TensorRuntime tensors, PipelineSettings settings) {
        this(model, vit, pyramid, projector, registry, tensors, settings, GenerationBatching.OFF);
    }

    /** @param batching whether greedy generations of concurrent requests run as batches */
    public RequestPipeline(LanguageModel model, VisionEncoder vit, Optional<VisionEncoder> pyramid, Projector projector,
            DecoderRegistry registry, TensorRuntime tensors, PipelineSettings settings, GenerationBatching batching) {
        this.model = model;
        this.batcher = new GenerationBatcher(model, batching);
        this.vit = vit;
        this.pyramid = pyramid;
        this.projector = projector;
        this.router = new LatentRouter(registry);
        this.tensors = tensors;
        this.settings = settings;
    }

    /**
     * What encoding a request yields: the prompt's embeddings, the decoders' feature maps and the
     * padded squares the encoders read, by side (for decoders that read the picture).
     */
    private record Encoded(NDArray promptEmbeddings, Map<String, NDArray> features, Map<Integer, NDArray> squares) {
    }

    private Encoded encode(Request request, NDManager m) {
        String prompt = settings.requestText(request.prompt(), request.task());   // refused before any encoder runs
        int side = vit.inputSize().orElse(336);
        Preprocessing preprocessing = settings.preprocessing();
        DecoderImage picture = image(request);
        int[] sides = pyramid.isPresent() ? new int[] {side, settings.pyramidSide()} : new int[] {side};
        EncoderPictures pictures = EncoderPictures.of(List.of(picture), null, preprocessing, m, sides); // [1, 3, s, s] each
        List<NDArray> vitOut = vit.features(pictures.pixels().get(0), m);
        NDArray tokens = vitOut.get(0);                                                        // [1, N, C]
        List<NDArray> stages = pyramid.map(p -> p.features(pictures.pixels().get(1), m)).orElse(List.of());
        Map<String, NDArray> features = DecoderFeatures.of(tokens, stages);
        NDArray imageTokens = projector.forward(LanguageImageTokens.tokens(tokens, features, settings)
                .get(new NDIndex("0")));                                                      // [N, D]

        List<NDArray> regions = new ArrayList<>();
        if (!request.visualPrompts().isEmpty()) {
            NDArray gridFeatures = LanguageImageTokens.grid(features, settings).get(new NDIndex("0")); // [C, g, g]
            NDArray aggregated = PromptRegions.aggregate(request.visualPrompts(), picture.frame(),
                    LanguageImageTokens.promptSide(side, settings), settings, gridFeatures, m); // [Q, Np, C]
            for (int i = 0; i < request.visualPrompts().size(); i++) {
                regions.add(projector.forward(aggregated.get(new NDIndex("{}", i))));          // [Np, D]
            }
        }
        NDArray embeddings = new PromptAssembler(model).assemble(prompt, preprocessing.bos(), imageTokens, regions, m);
        return new Encoded(embeddings, features, pictures.squares());
    }

    /** The request's picture, placed in its square as the model was trained. */
    private DecoderImage image(Request request) {
        return new DecoderImage(request.image(), settings.preprocessing().centred());
    }

    @Override
    public Response answer(Request request, GenerationOptions options) {
        try (NDManager m = tensors.newManager("request")) {
            batcher.arriving();
            Encoded e;
            try {
                e = encode(request, m);
            } catch (RuntimeException | Error failed) {
                batcher.abandon();
                throw failed;
            }
            ReferenceCapture capture = ReferenceCapture.lenient(m);
            Generation g = batcher.generate(e.promptEmbeddings(), options, capture);
            return respond(request, g.text(), capture, e, m);
        }
    }

    @Override
    public Response readAnswer(Request request, String answer) {
        try (NDManager m = tensors.newManager("request")) {
            Encoded e = encode(request, m);
            int[] ids = model.encode(answer);
            if (ids.length == 0) {
                throw new IllegalArgumentException("the answer is empty");
            }
            NDArray all = e.promptEmbeddings().concat(model.embed(m.create(ids)).toType(
                    e.promptEmbeddings().getDataType(), false), 0);                            // [T + n, D]
            NDArray states = model.hiddenStates(all);                                          // [T + n, D]
            long t = e.promptEmbeddings().getShape().get(0);
            ReferenceCapture capture = ReferenceCapture.lenient(m);
            IncrementalDecoder pieces = new IncrementalDecoder(model::decode);
            for (int j = 0; j < ids.length; j++) {
                capture.onToken(j, ids[j], pieces.next(ids[j]), states.get(AnswerPositions.input((int) t, j)));
            }
            return respond(request, answer, capture, e, m);
        }
    }

    private Response respond(Request request, String text, ReferenceCapture capture, Encoded encoded, NDManager m) {
        ParseResult parsed = capture.finish();
        List<ReferredObject> objects = router.decode(capture.groups(), encoded.features(), image(request),
                encoded.squares(), m);
        List<String> problems = new ArrayList<>();
        for (Diagnostic d : parsed.diagnostics()) {
            problems.add("answer " + d);
        }
        for (ReferredObject o : objects) {
            if (o.error() != null) {
                problems.add("'" + o.phrase() + "' [" + o.index() + "] as " + o.unit() + ": " + o.error());
            }
        }
        return new Response(text, objects, problems);
    }
}
