package org.refvlm.core.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * What a model folder's {@code model.json} says beyond its parts: the model's name, the prompt
 * settings it was trained with and its decoder folders. A folder without {@code model.json}
 * (e.g. {@code model random}) uses the pipeline's defaults and brings no decoders.
 *
 * <p>Layout: {@code llm/}, {@code clip-vit/}, {@code convnext/} (optional),
 * {@code projector.safetensors}, {@code model.json}, and one decoder folder per decoder.
 *
 * @param name        the model's name, reported by the language model service
 * @param template    conversation template ({@code {prompt}} and {@code <image>})
 * @param pyramidSide input side of the pyramid encoder
 * @param gridSide    mask-guided aggregation patches per side
 * @param temperature cosine position-encoding temperature of the aggregation
 * @param decoders    decoder folders, relative to the model folder
 * @param preprocessing how the model's inputs are prepared ({@link Preprocessing}); absent means
 *                    {@link Preprocessing#SHAPES_TINY}, how the default model was trained
 * @param imageTokens the feature map the language model reads ({@link PipelineSettings#imageTokens});
 *                    absent means {@code vit}
 * @param lookAgain   whether the language model was trained to answer a question about one object
 *                    in two passes ({@link LookAgain}); absent means it was not
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelFolder(String name, String template, int pyramidSide, int gridSide, double temperature,
        List<Decoder> decoders, Preprocessing preprocessing, String imageTokens,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Boolean lookAgain) {

    public static final String FILE = "model.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One trained decoder of the model.
     *
     * @param unit the unit it decodes
     * @param kind the decoder kind; its bundle serves it under configuration PID {@code org.refvlm.decoder.<kind>}
     * @param path the decoder folder, relative to the model folder
     * @param base the {@link BaseFingerprint} of the model the decoder was trained against (null:
     *             not recorded, as in folders written before it was)
     * @param ranking its service ranking (null: 0); where a model brings two decoders for one unit
     *             (MaskFormer and SAM for masks), the higher ranking serves unless an administrator
     *             pins the other by its name, the kind
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)   // a newer platform's fields do not stop an older one
    public record Decoder(String unit, String kind, String path, String base, Integer ranking) {

        /** A decoder whose base is not recorded, at ranking 0. */
        public Decoder(String unit, String kind, String path) {
            this(unit, kind, path, null, null);
        }

        /** The same decoder, recorded as trained against {@code fingerprint}. */
        public Decoder trainedAgainst(String fingerprint) {
            return new Decoder(unit, kind, path, fingerprint, ranking);
        }

        /** The same decoder at service ranking {@code r} (0 is written as absent). */
        public Decoder rankedAt(int r) {
            return new Decoder(unit, kind, path, base, r == 0 ? null : r);
        }

        /** The service ranking its loader registers it with. */
        public int serviceRanking() {
            return ranking == null ? 0 : ranking;
        }
    }

    /**
     * The decoders whose recorded base is not this folder's base (or is not recorded): each was
     * trained against other language-model, projector or encoder weights than the ones shipped.
     */
    public List<Decoder> staleDecoders(Path dir) throws IOException {
        String base = BaseFingerprint.of(dir);
        return decoders.stream().filter(d -> !base.equals(d.base())).toList();
    }

    public ModelFolder {
        decoders = decoders == null ? List.of() : List.copyOf(decoders);
        for (int i = 0; i < decoders.size(); i++) {
            Decoder d = decoders.get(i);
            if (d == null || d.unit() == null || d.kind() == null || d.path() == null) {
                throw new IllegalArgumentException("decoders[" + i + "] needs 'unit', 'kind' and 'path'");
            }
            for (int j = 0; j < i; j++) {
                Decoder a = decoders.get(j);
                Decoder b = decoders.get(i);
                if (a.unit().equals(b.unit()) && a.kind().equals(b.kind())) {
                    // both would be served under the same name: pinning could not tell them apart
                    throw new IllegalArgumentException("two decoders of kind '" + a.kind() + "' for unit '" + a.unit() + "'");
                }
                if (a.path().equals(b.path())) {
                    throw new IllegalArgumentException("decoders '" + a.kind() + "' and '" + b.kind()
                            + "' share the folder " + a.path());
                }
            }
        }
        preprocessing = preprocessing == null ? Preprocessing.SHAPES_TINY : preprocessing;
        imageTokens = imageTokens == null ? org.refvlm.spi.FeatureLevels.VIT : imageTokens;
        lookAgain = Boolean.TRUE.equals(lookAgain) ? Boolean.TRUE : null;   // written only when set
        // checks the template and the image tokens
        new PipelineSettings(template, pyramidSide, 10, 4, gridSide, temperature, preprocessing, imageTokens);
    }

    /** A model whose language model reads the ViT's patches. */
    public ModelFolder(String name, String template, int pyramidSide, int gridSide, double temperature,
            List<Decoder> decoders, Preprocessing preprocessing) {
        this(name, template, pyramidSide, gridSide, temperature, decoders, preprocessing, null, null);
    }

    /** A model not trained to look again. */
    public ModelFolder(String name, String template, int pyramidSide, int gridSide, double temperature,
            List<Decoder> decoders, Preprocessing preprocessing, String imageTokens) {
        this(name, template, pyramidSide, gridSide, temperature, decoders, preprocessing, imageTokens, null);
    }

    /** Whether questions about one object are answered in two passes ({@link LookAgain}). */
    public boolean looksAgain() {
        return Boolean.TRUE.equals(lookAgain);
    }

    /** The prompt settings the model was trained with, with the platform's visual-prompt radii. */
    public PipelineSettings settings() {
        return new PipelineSettings(template, pyramidSide, 10, 4, gridSide, temperature, preprocessing, imageTokens);
    }

    /** The configuration PID the bundle of a decoder kind serves decoder folders under. */
    public static String loaderPid(String kind) {
        return "org.refvlm.decoder." + kind;
    }

    /** Reads {@code dir/model.json}; empty when the folder has none. */
    public static java.util.Optional<ModelFolder> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(JSON.readValue(file.toFile(), ModelFolder.class));
        } catch (IOException e) {
            throw new IOException(file + " is not a valid model description: " + e.getMessage(), e);
        }
    }

    /** Writes {@code dir/model.json} atomically. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "model", ".json.tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
