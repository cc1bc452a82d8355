package org.refvlm.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the engine's own convolution computes right on a device, and so which
 * {@link ConvolutionPath} {@link Conv2d} takes there: the engine's, or matrix products.
 *
 * <p>Why: on a virtual machine with an AMD Zen 5 CPU that reports no cache sizes, libtorch 2.7.1's
 * oneDNN JIT convolution (AVX2 and AVX-512 kernels) returned wrong values, off by up to 20 on
 * unit-variance data, whenever the input channels span more than one SIMD block and do not fill
 * the last (20 or 24 channels with AVX-512, 12 with AVX2) and the batch is above 1; that batch goes
 * to oneDNN. The garbage depended on memory left over from earlier work, so training runs differed
 * from run to run, and SAM's 24-channel upscaling failed its conformance fixture by 1.8.
 *
 * <p>So the first convolution on a CPU device compares the engine with the matrix products on
 * small cases that cover those kernels, separately for depthwise convolutions (one group per
 * channel: oneDNN computes them with other kernels, which were right there, and as matrix
 * products they cost 20 times more) and for all others. Where a kind differs by more than
 * {@value #TOLERANCE}, every convolution of that kind on that device is computed as matrix
 * products, and a warning says so once. Other
 * devices (CUDA) are not checked: cuDNN's TF32 would differ from the products by design. The
 * system property {@value #PROPERTY} overrides the choice: {@code auto} (the default),
 * {@code native} or {@code unfolded}.
 *
 * <p>Where the engine was wrong, the warning says what to try: capping oneDNN's instruction set
 * ({@value #ISA_VARIABLE}=SSE41) made the engine right on such a CPU, and faster than the products.
 * Only the environment of a new process can set that, so when the launcher asks
 * ({@code -Drefvlm.nn.checkRecord=FILE}) each verdict is kept there for it
 * ({@link ConvolutionCheckRecord}).
 */
public final class NativeConvolutionCheck {

    /** The system property that overrides the check: auto, native or unfolded. */
    public static final String PROPERTY = "refvlm.nn.convolution";
    /** Largest difference allowed between the engine and the products: float error is near 1e-5. */
    public static final double TOLERANCE = 1e-3;
    /** The environment variable that caps the instruction set oneDNN's kernels use. */
    public static final String ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";

    private static final Logger LOG = LoggerFactory.getLogger(NativeConvolutionCheck.class);
    /** batch, input channels, output channels, kernel, stride, padding, side, groups */
    private static final int[][] DENSE_CASES = {{2, 20, 6, 2, 1, 1, 12, 1}, {2, 12, 3, 3, 1, 1, 12, 1},
        {2, 24, 8, 3, 2, 1, 13, 1}, {2, 40, 20, 3, 1, 1, 10, 2}};
    private static final int[][] DEPTHWISE_CASES = {{2, 20, 20, 3, 1, 1, 12, 20}, {2, 24, 24, 7, 1, 3, 12, 24}};
    private static final Map<Device, Verdict> VERDICTS = new ConcurrentHashMap<>();

    /**
     * What the check found on a device.
     *
     * @param device        the device
     * @param checked       whether the comparison ran (only on CPUs, and not when overridden)
     * @param denseDiff     the largest difference over the non-depthwise cases, 0 when not checked
     * @param depthwiseDiff the largest difference over the depthwise cases, 0 when not checked
     * @param dense         how non-depthwise convolutions there are computed
     * @param depthwise     how depthwise convolutions there are computed
     */
    public record Verdict(Device device, boolean checked, double denseDiff, double depthwiseDiff,
                          ConvolutionPath dense, ConvolutionPath depthwise) {

        /** The path for a convolution of {@code in} input channels in {@code groups} groups. */
        public ConvolutionPath path(long in, int groups) {
            return groups > 1 && groups == in ? depthwise : dense;
        }

        /** One line for people: what was compared and what it chose. */
        public String describe() {
            String how = String.format(Locale.ROOT, "%s: convolutions by %s, depthwise ones by %s", device,
                    name(dense), name(depthwise));
            if (!checked) {
                return how + " (not checked)";
            }
            return how + String.format(Locale.ROOT, " (engine vs products max |diff| %.1e, depthwise %.1e)",
                    denseDiff, depthwiseDiff);
        }

        private static String name(ConvolutionPath path) {
            return path == ConvolutionPath.ENGINE ? "the engine" : "matrix products";
        }
    }

    private NativeConvolutionCheck() {
    }

    /** The verdict for the device {@code manager} computes on; runs the check the first time. */
    public static Verdict of(NDManager manager) {
        return VERDICTS.computeIfAbsent(manager.getDevice(), d -> decide(manager));
    }

    /** The check itself, uncached (tests call it with the property set). */
    static Verdict decide(NDManager manager) {
        Device device = manager.getDevice();
        String mode = System.getProperty(PROPERTY, "auto").strip().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "native":
                return new Verdict(device, false, 0, 0, ConvolutionPath.ENGINE, ConvolutionPath.ENGINE);
            case "unfolded":
                return new Verdict(device, false, 0, 0, ConvolutionPath.MATRIX_PRODUCTS, ConvolutionPath.MATRIX_PRODUCTS);
            case "auto":
                break;
            default:
                throw new IllegalArgumentException("system property " + PROPERTY + " is '" + mode
                        + "'; use auto, native or unfolded");
        }
        if (!Device.Type.CPU.equals(device.getDeviceType())) {
            return new Verdict(device, false, 0, 0, ConvolutionPath.ENGINE, ConvolutionPath.ENGINE);
        }
        double dense = worstDifference(manager, DENSE_CASES);
        double depthwise = worstDifference(manager, DEPTHWISE_CASES);
        Verdict verdict = new Verdict(device, true, dense, depthwise, choose(dense), choose(depthwise));
        if (verdict.dense() != ConvolutionPath.ENGINE || verdict.depthwise() != ConvolutionPath.ENGINE) {
            LOG.warn("The engine's convolutions on {} differ from the same convolutions as matrix products by {}"
                    + " (depthwise ones by {}; allowed {}): its oneDNN kernels compute wrongly on this CPU. {}"
                    + " (-D{}=native to override). {}", device, String.format(Locale.ROOT, "%.3g", dense),
                    String.format(Locale.ROOT, "%.3g", depthwise), TOLERANCE, verdict.describe(), PROPERTY,
                    isaAdvice(System.getenv(ISA_VARIABLE), System.getProperty(ConvolutionCheckRecord.FILE_PROPERTY) != null));
        } else {
            LOG.debug("{}", verdict.describe());
        }
        record(verdict);
        return verdict;
    }

    /** Keeps the verdict for the launcher when it asks for it ({@link ConvolutionCheckRecord}). */
    private static void record(Verdict verdict) {
        String file = System.getProperty(ConvolutionCheckRecord.FILE_PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        Path path = Path.of(file);
        boolean right = verdict.dense() == ConvolutionPath.ENGINE && verdict.depthwise() == ConvolutionPath.ENGINE;
        try {
            ConvolutionCheckRecord.write(path, ConvolutionCheckRecord.updated(ConvolutionCheckRecord.read(path),
                    System.getProperty(ConvolutionCheckRecord.CPU_PROPERTY), System.getenv(ISA_VARIABLE), right));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not keep the convolution check's verdict in {}: {}", path, e.toString());
        }
    }

    /**
     * What to try next. oneDNN reads {@value #ISA_VARIABLE} from the environment when it first
     * runs, before this check can, so only the launcher's environment can set it. On the machine
     * where the wrong kernels were found (AVX2 and AVX-512 both wrong), its SSE4.1 kernels were
     * right, and training phases full of convolutions (keypoint and depth refiners) ran 1.6 and 1.8
     * times faster with them than with matrix products.
     */
    static String isaAdvice(String isa, boolean recorded) {
        if (isa == null || isa.isBlank()) {
            return ISA_VARIABLE + "=SSE41 in the environment may make them right and faster than matrix products"
                    + " (it did on such a CPU)" + (recorded ? "; bin/refvlm starts the next run on this CPU with it." : ".");
        }
        return ISA_VARIABLE + "=" + isa.strip() + " is set and did not help" + (isa.strip().equals("SSE41")
                ? (recorded ? "; bin/refvlm will not set it again on this CPU." : ".")
                : "; SSE41 is the setting found right on such a CPU.");
    }

    /** NaN (garbage) is not within the tolerance either. */
    private static ConvolutionPath choose(double difference) {
        return difference <= TOLERANCE ? ConvolutionPath.ENGINE : ConvolutionPath.MATRIX_PRODUCTS;
    }

    private static double worstDifference(NDManager manager, int[][] cases) {
        double worst = 0;
        try (NDManager scratch = manager.newSubManager()) {
            Random random = new Random(20);
            for (int[] c : cases) {
                NDArray x = gaussian(scratch, random, new Shape(c[0], c[1], c[6], c[6]));
                NDArray w = gaussian(scratch, random, new Shape(c[2], c[1] / c[7], c[3], c[3]));
                NDArray b = gaussian(scratch, random, new Shape(c[2]));
                ConvOptions o = ConvOptions.kernel(c[3]).stride(c[4]).padding(c[5]).groups(c[7]);
                NDArray engine = ConvolutionPath.ENGINE.apply(x, w, b, o);
                NDArray products = ConvolutionPath.MATRIX_PRODUCTS.apply(x, w, b, o);
                float difference = engine.sub(products).abs().max().getFloat();
                worst = Math.max(worst, difference);             // NaN stays NaN
            }
        }
        return worst;
    }

    private static NDArray gaussian(NDManager m, Random random, Shape shape) {
        float[] data = new float[(int) shape.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return Constants.of(m, data, shape);
    }
}
