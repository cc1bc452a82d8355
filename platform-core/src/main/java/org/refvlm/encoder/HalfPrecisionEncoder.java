package org.refvlm.encoder;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.refvlm.nn.Parameters;

/**
 * An encoder computing in float16, as autocast does for inference: its weights are converted
 * once, its input is cast to float16 and its feature maps come back as float32, so the projector,
 * the decoders and everything after them are unchanged. Half the weights' memory and, on a GPU,
 * the tensor cores' rate; on a CPU without native float16 arithmetic it is slower than float32.
 * bfloat16 is refused: DJL 0.36's PyTorch engine crashes on it. For inference only: training in
 * float16 would need loss scaling, which the trainer does not do.
 */
public final class HalfPrecisionEncoder implements VisionEncoder {

    /** System property ({@code REFVLM_DTYPE}) with the compute type of models whose configuration names none. */
    public static final String DTYPE_PROPERTY = "refvlm.dtype";

    private final VisionEncoder inner;

    private HalfPrecisionEncoder(VisionEncoder inner) {
        this.inner = inner;
    }

    /**
     * {@code encoder} computing in {@code dtype}: itself for {@code float32}, wrapped (its weights
     * converted in place) for {@code float16}.
     *
     * @throws IllegalArgumentException for bfloat16 or any other name
     */
    public static VisionEncoder of(VisionEncoder encoder, String dtype) {
        switch (dtype.toLowerCase(Locale.ROOT)) {
            case "float32" -> {
                return encoder;
            }
            case "float16" -> {
                Parameters p = encoder.parameters();
                for (String name : new ArrayList<>(p.asMap().keySet())) {
                    p.put(name, p.get(name).toType(DataType.FLOAT16, false));
                }
                return new HalfPrecisionEncoder(encoder);
            }
            case "bfloat16" -> throw new IllegalArgumentException(
                    "bfloat16 is not supported: DJL 0.36's PyTorch engine crashes on it; use float16 or float32");
            default -> throw new IllegalArgumentException("dtype must be float32 or float16, got '" + dtype + "'");
        }
    }

    /**
     * The compute type a model loader uses: its configuration's, when that names one, else the
     * platform's ({@value #DTYPE_PROPERTY}, which {@code bin/refvlm} sets from {@code REFVLM_DTYPE}),
     * else {@code float32}.
     */
    public static String computeType(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String platform = System.getProperty(DTYPE_PROPERTY);
        return platform == null || platform.isBlank() ? "float32" : platform;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Device device() {
        return inner.device();
    }

    @Override
    public OptionalInt inputSize() {
        return inner.inputSize();
    }

    @Override
    public List<NDArray> features(NDArray pixelValues, NDManager out) {
        List<NDArray> half = inner.features(pixelValues.toType(DataType.FLOAT16, false), out);
        List<NDArray> full = new ArrayList<>(half.size());
        for (NDArray f : half) {
            full.add(f.toType(DataType.FLOAT32, false));
        }
        return full;
    }

    @Override
    public Parameters parameters() {
        return inner.parameters();
    }

    @Override
    public void setTrainable(boolean trainable) {
        if (trainable) {
            throw new UnsupportedOperationException("a float16 encoder is for inference; train it in float32");
        }
        inner.setTrainable(false);
    }

    @Override
    public boolean isTrainable() {
        return false;
    }

    @Override
    public void close() {
        inner.close();
    }
}
