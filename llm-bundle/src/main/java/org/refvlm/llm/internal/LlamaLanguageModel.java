package org.refvlm.llm.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.refvlm.api.model.ContextLengthException;
import org.refvlm.api.model.Generation;
import org.refvlm.api.model.GenerationOptions;
import org.refvlm.api.model.IncrementalDecoder;
import org.refvlm.api.model.LanguageModel;
import org.refvlm.api.model.TokenListener;
import org.refvlm.encoder.HalfPrecisionEncoder;
import org.refvlm.llm.CausalLanguageModel;
import org.refvlm.llm.GenerationConfig;
import org.refvlm.llm.GenerationConfigFile;
import org.refvlm.llm.LlamaModels;
import org.refvlm.llm.LmInput;
import org.refvlm.llm.RefVlmTokens;
import org.refvlm.llm.TextTokenizer;
import org.refvlm.tensor.TensorRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LLaMA checkpoint and its tokenizer as the platform's {@link LanguageModel}. Made and
 * registered by {@link LanguageModelLoader} once the weights have loaded.
 */
public final class LlamaLanguageModel implements LanguageModel {

    private static final Logger LOG = LoggerFactory.getLogger(LlamaLanguageModel.class);

    private final String name;
    private final CausalLanguageModel model;
    private final TextTokenizer tokenizer;
    /** The tokenizer's end of sequence and what generation_config.json adds (Llama 3 stops on several). */
    private final List<Long> stopTokens;

    LlamaLanguageModel(TensorRuntime runtime, LanguageModelConfig config) throws IOException {
        Path folder = Path.of(config.path());
        if (!Files.isDirectory(folder)) {
            throw new IOException("language model folder " + folder + " does not exist");
        }
        String type = HalfPrecisionEncoder.computeType(config.dtype());
        DataType dtype = switch (type.toLowerCase(Locale.ROOT)) {
            case "float32" -> DataType.FLOAT32;
            case "float16" -> DataType.FLOAT16;
            case "bfloat16" -> throw new IllegalArgumentException(
                    "bfloat16 is not supported: DJL 0.36's PyTorch engine crashes on it; use float16 or float32");
            default -> throw new IllegalArgumentException("dtype must be float32 or float16, got " + type);
        };
        List<Long> configured = GenerationConfigFile.stopTokens(folder);
        this.tokenizer = TextTokenizer.load(folder.resolve("tokenizer.json"), RefVlmTokens.ADDED_TOKENS);
        this.stopTokens = withEndOfSequence(configured, tokenizer);
        try {
            this.model = LlamaModels.load(folder, runtime.device(), dtype);
        } catch (IOException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
        if (tokenizer.vocabSize() > model.config().vocabSize()) {
            model.resizeTokenEmbeddings(tokenizer.vocabSize());
        }
        this.name = config.name();
        LOG.info("language model '{}' loaded from {} ({} on {})", name, folder, dtype, runtime.device());
    }

    /**
     * Serves a model and tokenizer someone else loaded (and still owns: {@link #close} is theirs to
     * call).
     */
    public LlamaLanguageModel(String name, CausalLanguageModel model, TextTokenizer tokenizer, List<Long> stopTokens) {
        this.name = name;
        this.model = model;
        this.tokenizer = tokenizer;
        this.stopTokens = withEndOfSequence(stopTokens, tokenizer);
    }

    private static List<Long> withEndOfSequence(List<Long> configured, TextTokenizer tokenizer) {
        List<Long> stops = new ArrayList<>(configured);
        if (!stops.contains(tokenizer.eosId())) {
            stops.add(tokenizer.eosId());
        }
        return List.copyOf(stops);
    }

    void close() {
        model.close();
        tokenizer.close();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int hiddenSize() {
        return model.config().hiddenSize();
    }

    @Override
    public int contextLength() {
        return model.config().maxPositionEmbeddings();
    }

    @Override
    public java.util.OptionalInt bosId() {
        long id = tokenizer.bosId();
        return id < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(Math.toIntExact(id));
    }

    @Override
    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text, false);
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Override
    public String decode(int[] tokenIds) {
        long[] ids = new long[tokenIds.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokenIds[i];
        }
        return tokenizer.decode(ids, false);
    }

    @Override
    public NDArray embed(NDArray tokenIds) {
        NDArray ids = tokenIds.getShape().dimension() == 1 ? tokenIds.expandDims(0) : tokenIds;   // [1, T]
        return model.embed(ids.toType(DataType.INT64, false), tokenIds.getManager()).squeeze(0);  // [T, D]
    }

    @Override
    public NDArray hiddenStates(NDArray inputEmbeddings) {
        NDManager manager = inputEmbeddings.getManager();
        long length = inputEmbeddings.getShape().get(0);
        if (length > contextLength()) {
            throw new ContextLengthException(length, contextLength());
        }
        NDArray embeds = inputEmbeddings.expandDims(0);                                           // [1, T, D]
        NDArray mask = manager.ones(new Shape(1, length), DataType.INT64);
        return model.forward(new LmInput(null, embeds, mask, null, false, true), null, manager)
                .lastHiddenState().squeeze(0);                                                  // [T, D]
    }

    /**
     * Token j's state is the one computed with token j as input, so the listener hears of token j
     * during step j + 1; the final token, unless it is a stop token, needs one forward of its own.
     */
    @Override
    public Generation generate(NDArray inputEmbeddings, GenerationOptions options, TokenListener listener) {
        List<Long> stops = stops(options);
        NDArray embeds = inputEmbeddings.expandDims(0);                                           // [1, T, D]
        NDManager manager = inputEmbeddings.getManager();
        NDArray mask = manager.ones(new Shape(1, inputEmbeddings.getShape().get(0)), DataType.INT64);
        List<Long> generated = new ArrayList<>();
        IncrementalDecoder pieces = new IncrementalDecoder(this::decode);
        model.generate(null, embeds, mask, config(options, stops), step -> {
            if (step.step() > 0) {
                long token = generated.get(step.step() - 1);
                listener.onToken(step.step() - 1, (int) token, pieces.next((int) token),
                        step.lastHiddenStates().get(new NDIndex("0, -1")));
            }
            generated.add(step.nextTokens()[0]);
        });
        return finish(inputEmbeddings, generated, stops, listener, pieces);
    }

    /**
     * Greedy rows run as one batch, the shorter prompts left-padded (positions and attention come
     * from the mask, so a row sees only its own tokens). A row that has stopped rides along until
     * every row has; its listener hears nothing more. Sampling, a single row, or prompts too long
     * to share the context at their longest go one by one, so each row keeps its own context bound.
     */
    @Override
    public List<Generation> generateAll(List<NDArray> inputEmbeddings, GenerationOptions options,
            List<TokenListener> listeners) {
        int b = inputEmbeddings.size();
        int longest = inputEmbeddings.stream().mapToInt(e -> (int) e.getShape().get(0)).max().orElse(0);
        if (b != listeners.size() || b < 2 || options.temperature() != 0
                || (long) longest + options.maxNewTokens() > contextLength()) {
            return LanguageModel.super.generateAll(inputEmbeddings, options, listeners);
        }
        List<Long> stops = stops(options);
        int d = hiddenSize();
        List<List<Long>> generated = new ArrayList<>();
        List<IncrementalDecoder> pieces = new ArrayList<>();
        boolean[] heard = new boolean[b];   // the row's stop token has been told
        try (NDManager batch = inputEmbeddings.get(0).getManager().newSubManager()) {
            NDList rows = new NDList();
            long[] mask = new long[b * longest];
            for (int r = 0; r < b; r++) {
                NDArray e = inputEmbeddings.get(r);                                              // [T_r, D]
                int pad = longest - (int) e.getShape().get(0);
                rows.add(pad == 0 ? e : batch.zeros(new Shape(pad, d), e.getDataType()).concat(e, 0));
                java.util.Arrays.fill(mask, r * longest + pad, (r + 1) * longest, 1L);
                generated.add(new ArrayList<>());
                pieces.add(new IncrementalDecoder(this::decode));
            }
            NDArray embeds = NDArrays.stack(rows);                                               // [B, T, D]
            embeds.attach(batch);
            model.generate(null, embeds, batch.create(mask, new Shape(b, longest)), config(options, stops), step -> {
                for (int r = 0; r < b; r++) {
                    if (heard[r]) {
                        continue;
                    }
                    if (step.step() > 0) {
                        int j = step.step() - 1;
                        long token = generated.get(r).get(j);
                        boolean stop = stops.contains(token);
                        listeners.get(r).onToken(j, (int) token, pieces.get(r).next((int) token),
                                stop ? null : step.lastHiddenStates().get(new NDIndex("{}, -1", r)));
                        if (stop) {
                            heard[r] = true;
                            continue;
                        }
                    }
                    generated.get(r).add(step.nextTokens()[r]);
                }
            });
        }
        List<Generation> out = new ArrayList<>();
        for (int r = 0; r < b; r++) {
            out.add(heard[r] ? generation(generated.get(r), stops)
                    : finish(inputEmbeddings.get(r), generated.get(r), stops, listeners.get(r), pieces.get(r)));
        }
        return out;
    }

    private List<Long> stops(GenerationOptions options) {
        List<Long> stops = new ArrayList<>(stopTokens);
        options.stopTokens().forEach(t -> stops.add((long) t));
        return stops;
    }

    private static GenerationConfig config(GenerationOptions options, List<Long> stops) {
        return options.temperature() == 0
                ? GenerationConfig.greedy(options.maxNewTokens(), stops, 0)
                : GenerationConfig.greedy(options.maxNewTokens(), stops, 0).withSampling(
                        (float) options.temperature(), options.topK(), (float) options.topP(), options.seed());
    }

    /** Tells the listener of the last token (with its state unless it is a stop token) and wraps up. */
    private Generation finish(NDArray inputEmbeddings, List<Long> generated, List<Long> stops, TokenListener listener,
            IncrementalDecoder pieces) {
        int n = generated.size();
        if (n > 0) {
            long last = generated.get(n - 1);
            boolean stopped = stops.contains(last);
            listener.onToken(n - 1, (int) last, pieces.next((int) last), stopped ? null
                    : lastState(inputEmbeddings.expandDims(0), generated.stream().mapToLong(Long::longValue).toArray(),
                            inputEmbeddings.getManager()));
        }
        return generation(generated, stops);
    }

    private Generation generation(List<Long> generated, List<Long> stops) {
        int n = generated.size();
        boolean stopped = n > 0 && stops.contains(generated.get(n - 1));
        int[] tokens = generated.stream().mapToInt(Long::intValue).toArray();
        return new Generation(tokens, decode(stopped ? java.util.Arrays.copyOf(tokens, n - 1) : tokens),
                stopped ? Generation.StopReason.STOP_TOKEN : Generation.StopReason.MAX_TOKENS);
    }

    /** State at the last generated token's position: one forward over the prompt and the answer. */
    private NDArray lastState(NDArray promptEmbeds, long[] ids, NDManager manager) {
        NDArray answer = model.embed(manager.create(ids).expandDims(0), manager);                // [1, n, D]
        NDArray all = promptEmbeds.concat(answer.toType(promptEmbeds.getDataType(), false), 1);  // [1, T+n, D]
        NDArray mask = manager.ones(new Shape(1, all.getShape().get(1)), DataType.INT64);
        return model.forward(new LmInput(null, all, mask, null, false, true), null, manager)
                .lastHiddenState().get(new NDIndex("0, -1"));
    }
}
