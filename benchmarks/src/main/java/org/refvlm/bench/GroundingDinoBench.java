package org.refvlm.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.refvlm.decoder.groundingdino.GroundingDinoDecoderConfig;
import org.refvlm.decoder.groundingdino.model.GroundingDino;
import org.refvlm.decoder.groundingdino.model.GroundingDinoConfig;
import org.refvlm.decoder.groundingdino.model.TextTokens;
import org.refvlm.nn.Parameters;
import org.refvlm.tensor.Devices;

/**
 * Benchmark (not a test): the time of one Grounding DINO forward (caption through BERT, picture
 * through Swin, encoder, query selection, decoder, heads), inference without gradients, for the
 * conformance fixture's tiny configuration and the default model's small detector at 128x128, and for Hugging Face's
 * {@code IDEA-Research/grounding-dino-tiny} sizes (Swin-T, BERT-base, 6+6 layers of width 256,
 * 900 queries; random weights of that shape) at 800x800, its processor's shortest side. The caption
 * is "a cat. a remote control." as 9 BERT ids. Median of several runs after a warm-up run.
 *
 * <pre>ENGINE_CACHE_DIR=distribution/target/refvlm/engine java -Dai.djl.offline=true \
 *     -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
 *     -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
 *     org.refvlm.bench.GroundingDinoBench [device] [tiny config.json] [hf side] [runs]</pre>
 */
public final class GroundingDinoBench {

    private static final String HF_TINY = """
            {"d_model": 256, "encoder_layers": 6, "decoder_layers": 6, "encoder_attention_heads": 8,
             "decoder_attention_heads": 8, "encoder_ffn_dim": 2048, "decoder_ffn_dim": 2048,
             "encoder_n_points": 4, "decoder_n_points": 4, "num_feature_levels": 4, "num_queries": 900,
             "max_text_len": 256, "layer_norm_eps": 1e-5, "positional_embedding_temperature": 20,
             "decoder_bbox_embed_share": true,
             "backbone_config": {"model_type": "swin", "embed_dim": 96, "depths": [2, 2, 6, 2],
               "num_heads": [3, 6, 12, 24], "window_size": 7, "patch_size": 4, "mlp_ratio": 4.0,
               "image_size": 224, "out_features": ["stage2", "stage3", "stage4"]},
             "text_config": {"model_type": "bert", "hidden_size": 768, "num_hidden_layers": 12,
               "num_attention_heads": 12, "intermediate_size": 3072, "vocab_size": 30522,
               "max_position_embeddings": 512, "type_vocab_size": 2}}
            """;

    private GroundingDinoBench() {
    }

    public static void main(String[] args) throws Exception {
        Device device = Devices.parse(args.length > 0 ? args[0] : "cpu");
        Path tiny = Path.of(args.length > 1 ? args[1]
                : "conformance/src/test/resources/conformance/grounding-dino-tiny/config.json");
        int side = args.length > 2 ? Integer.parseInt(args[2]) : 800;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Engine engine = Engine.getEngine("PyTorch");
        System.out.printf(Locale.ROOT, "device %s, engine %s %s, %d cores, intra-op threads %s%n", device,
                engine.getEngineName(), engine.getVersion(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"));
        // ids of "[CLS] a cat . a remote control . [SEP]" in bert-base-uncased
        long[] caption = {101, 1037, 4937, 1012, 1037, 6556, 2491, 1012, 102};
        long[] small = {101, 17, 33, 45, 60, 102};
        double fixture = time("fixture grounding-dino-tiny config, 128x128", GroundingDinoConfig.read(tiny), device,
                128, small, runs);
        double shapes = time("shapes-tiny's small detector (the decoder's default), 128x128",
                GroundingDinoConfig.fromJson(GroundingDinoDecoderConfig.smallDetector()), device, 128, small, runs);
        double hf = time("HF grounding-dino-tiny sizes (random weights), " + side + "x" + side,
                GroundingDinoConfig.fromJson(new ObjectMapper().readTree(HF_TINY)), device, side, caption,
                Math.max(1, runs / 2));
        System.out.printf(Locale.ROOT, "ratios of medians: small detector / fixture config %.2f, HF size / fixture config %.0f%n",
                shapes / fixture, hf / fixture);
    }

    /** @return the median time of one forward in ms */
    private static double time(String what, GroundingDinoConfig config, Device device, int side, long[] ids, int runs) {
        try (NDManager root = NDManager.newBaseManager(device);
             Parameters params = new Parameters(root.newSubManager(), 7)) {
            GroundingDino model = new GroundingDino(config, params);
            System.out.printf(Locale.ROOT, "%s: %.1fM parameters%n", what, params.count() / 1e6);
            long[] mask = new long[ids.length];
            Arrays.fill(mask, 1);
            double[] ms = new double[runs];
            for (int r = -1; r < runs; r++) {            // run -1 warms up
                try (NDManager m = root.newSubManager()) {
                    NDArray pixels = m.randomNormal(new Shape(1, 3, side, side));
                    long t0 = System.nanoTime();
                    TextTokens text = model.encodeCaption(new long[][] {ids}, new long[][] {mask}, m);
                    GroundingDino.Output out = model.infer(pixels, text);
                    out.finalBoxes().toFloatArray();          // waits for the device
                    if (r >= 0) {
                        ms[r] = (System.nanoTime() - t0) / 1e6;
                    }
                }
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "  one forward: median %.1f ms, min %.1f ms, max %.1f ms over %d runs%n",
                    ms[runs / 2], ms[0], ms[runs - 1], runs);
            return ms[runs / 2];
        }
    }
}
