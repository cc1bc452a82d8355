package org.refvlm.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Locale;
import org.refvlm.nn.ConvOptions;
import org.refvlm.nn.ConvolutionPath;
import org.refvlm.nn.NativeConvolutionCheck;
import org.refvlm.tensor.Devices;

/**
 * Benchmark (not a test): what computing convolutions as matrix products costs against the
 * engine's own convolution, forward and backward, on the convolutions of the default model's
 * training (batch 8): ConvNeXt's stem, a downsampling and a depthwise 7x7; SAM's upscaling; a
 * 3x3 of 64 channels. Prints the device's {@link NativeConvolutionCheck} verdict, each layer's
 * median times on both paths and their ratio, and whether the two paths agree there (where the
 * check routes around the engine, they may not: the engine is the wrong one).
 *
 * <pre>ENGINE_CACHE_DIR=distribution/target/refvlm/engine java -Dai.djl.offline=true \
 *     -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
 *     -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
 *     org.refvlm.bench.ConvolutionPathBench [device] [runs]</pre>
 */
public final class ConvolutionPathBench {

    /** name, batch, in, out, side, options */
    private record Layer(String name, int batch, int in, int out, int side, ConvOptions options) {
    }

    private static final Layer[] LAYERS = {
        new Layer("ConvNeXt stem 3->24 k4 s4, 128 px", 8, 3, 24, 128, ConvOptions.kernel(4).stride(4)),
        new Layer("ConvNeXt downsampling 24->48 k2 s2, 32 px", 8, 24, 48, 32, ConvOptions.kernel(2).stride(2)),
        new Layer("ConvNeXt depthwise 48 k7, 16 px", 8, 48, 48, 16, ConvOptions.kernel(7).padding(3).groups(48)),
        new Layer("SAM upscaling 24->6 k2 pad1 (transposed), 19 px", 8, 24, 6, 19, ConvOptions.kernel(2).padding(1)),
        new Layer("3x3 64->64, 32 px", 8, 64, 64, 32, ConvOptions.kernel(3).padding(1)),
    };

    private ConvolutionPathBench() {
    }

    public static void main(String[] args) {
        Device device = Devices.parse(args.length > 0 ? args[0] : "cpu");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Engine engine = Engine.getEngine("PyTorch");
        System.out.printf(Locale.ROOT, "device %s, engine %s %s, %d cores, intra-op threads %s%n", device,
                engine.getEngineName(), engine.getVersion(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"));
        try (NDManager root = NDManager.newBaseManager(device)) {
            System.out.println("check: " + NativeConvolutionCheck.of(root).describe());
            System.out.printf(Locale.ROOT, "%-50s %12s %12s %7s %10s%n", "forward + backward, batch 8, median",
                    "engine ms", "products ms", "ratio", "max |diff|");
            for (Layer layer : LAYERS) {
                double[] engineMs = time(root, layer, ConvolutionPath.ENGINE, runs);
                double[] productsMs = time(root, layer, ConvolutionPath.MATRIX_PRODUCTS, runs);
                System.out.printf(Locale.ROOT, "%-50s %12.2f %12.2f %6.2fx %10.1e%n", layer.name(), engineMs[0],
                        productsMs[0], productsMs[0] / engineMs[0], difference(root, layer));
            }
        }
    }

    /** @return the median forward-plus-backward time in ms */
    private static double[] time(NDManager root, Layer layer, ConvolutionPath path, int runs) {
        double[] ms = new double[runs];
        for (int r = -2; r < runs; r++) {                 // two warm-up runs
            try (NDManager m = root.newSubManager()) {
                NDArray[] xwb = inputs(m, layer);
                long t0 = System.nanoTime();
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(path.apply(xwb[0], xwb[1], xwb[2], layer.options()).square().mean());
                }
                xwb[1].getGradient().toFloatArray();      // waits for the device
                if (r >= 0) {
                    ms[r] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        Arrays.sort(ms);
        return new double[] {ms[runs / 2]};
    }

    private static double difference(NDManager root, Layer layer) {
        try (NDManager m = root.newSubManager()) {
            NDArray[] xwb = inputs(m, layer);
            NDArray a = ConvolutionPath.ENGINE.apply(xwb[0], xwb[1], xwb[2], layer.options());
            NDArray b = ConvolutionPath.MATRIX_PRODUCTS.apply(xwb[0], xwb[1], xwb[2], layer.options());
            return a.sub(b).abs().max().getFloat();
        }
    }

    private static NDArray[] inputs(NDManager m, Layer layer) {
        ConvOptions o = layer.options();
        NDArray x = m.randomNormal(new Shape(layer.batch(), layer.in(), layer.side(), layer.side()));
        NDArray w = m.randomNormal(new Shape(layer.out(), layer.in() / o.groups(), o.kernel(), o.kernel()));
        NDArray b = m.randomNormal(new Shape(layer.out()));
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        b.setRequiresGradient(true);
        return new NDArray[] {x, w, b};
    }
}
