package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.tensor.safetensors.RawTensor;
import org.refvlm.tensor.safetensors.SafetensorsWriter;
import org.refvlm.tensor.safetensors.WeightLoader;
import org.refvlm.tensor.safetensors.WeightMismatchException;

/**
 * {@link Parameters#save} and {@link Parameters#load}: bit-exact and in place, strict about names
 * and shapes (every problem named, nothing changed on failure), with renaming of old names.
 */
class ParametersLoadTest extends KitTest {

    /** Values a lossy path would change: negative zero, a subnormal, NaN, infinity, the largest float. */
    private static final float[] AWKWARD = {-0f, Float.MIN_VALUE, Float.NaN, Float.NEGATIVE_INFINITY, Float.MAX_VALUE,
        1e-30f};

    @TempDir
    Path dir;

    /** A small model: encoder projection, its norm, a head, and one parameter of awkward values. */
    private Parameters model(long seed) {
        Parameters params = new Parameters(manager.newSubManager(), seed);
        new Linear(params, "enc.proj", 4, 3);
        new LayerNorm(params, "enc.norm", 3);
        new Linear(params, "head", 3, 2, false);
        params.declare("awkward", new Shape(AWKWARD.length), Init.normal(1));
        return params;
    }

    private static Map<String, int[]> bits(Parameters params) {
        Map<String, int[]> out = new LinkedHashMap<>();
        params.asMap().forEach((name, a) -> {
            float[] v = a.toType(DataType.FLOAT32, false).toFloatArray();
            int[] b = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                b[i] = Float.floatToRawIntBits(v[i]);
            }
            out.put(name, b);
        });
        return out;
    }

    private static void assertSameBits(Map<String, int[]> actual, Map<String, int[]> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, b) -> assertThat(actual.get(name)).as(name).containsExactly(b));
    }

    @Test
    void saveThenLoadRoundTripsBitForBitInPlace() throws IOException {
        Parameters source = model(1);
        source.put("awkward", Constants.of(source.manager(), AWKWARD, new Shape(AWKWARD.length)));
        Path file = dir.resolve("model.safetensors");
        source.save(file, Map.of("format", "pt"));

        Parameters target = model(2);
        target.setTrainable("enc.", true);
        Map<String, NDArray> before = new LinkedHashMap<>(target.asMap());
        assertThat(bits(target).get("head.weight")).as("seeds 1 and 2 differ before loading")
                .isNotEqualTo(bits(source).get("head.weight"));

        target.load(file, "test model");

        assertSameBits(bits(target), bits(source));
        before.forEach((name, array) -> assertThat(target.get(name)).as("%s is the same array", name).isSameAs(array));
        assertThat(target.trainableNames()).containsExactly("enc.proj.weight", "enc.proj.bias", "enc.norm.weight",
                "enc.norm.bias");
        // the loaded weights are live leaves of the next graph: the gradient of sum(w) is ones
        NDArray w = target.get("enc.proj.weight");
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(w.sum());
        }
        assertThat(w.getGradient().toFloatArray()).containsOnly(1f);
    }

    @Test
    void mismatchedFileIsRejectedNamingEveryProblemAndChangesNothing() throws IOException {
        Parameters target = model(3);
        Map<String, int[]> before = bits(target);
        // enc.proj.weight has the wrong shape, enc.norm.bias is missing, extra.weight is not the model's;
        // the rest is right, and would change the model if anything were read before checking
        Map<String, RawTensor> tensors = new LinkedHashMap<>();
        tensors.put("enc.proj.weight", RawTensor.ofFloats(new long[] {4, 3}, new float[12]));
        tensors.put("enc.proj.bias", RawTensor.ofFloats(new long[] {3}, new float[] {9, 9, 9}));
        tensors.put("enc.norm.weight", RawTensor.ofFloats(new long[] {3}, new float[] {9, 9, 9}));
        tensors.put("head.weight", RawTensor.ofFloats(new long[] {2, 3}, new float[6]));
        tensors.put("awkward", RawTensor.ofFloats(new long[] {AWKWARD.length}, AWKWARD));
        tensors.put("extra.weight", RawTensor.ofFloats(new long[] {1}, new float[1]));
        Path file = dir.resolve("bad.safetensors");
        SafetensorsWriter.writeRaw(file, tensors, Map.of());

        Throwable thrown = catchThrowable(() -> target.load(file, "test model"));

        assertThat(thrown).isInstanceOf(WeightMismatchException.class)
                .hasMessageContaining("test model")
                .hasMessageContaining("enc.norm.bias").hasMessageContaining("extra.weight")
                .hasMessageContaining("enc.proj.weight");
        WeightMismatchException e = (WeightMismatchException) thrown;
        assertThat(e.missing()).containsExactly("enc.norm.bias");
        assertThat(e.unexpected()).containsExactly("extra.weight");
        assertThat(e.wrongShape()).singleElement().asString().startsWith("enc.proj.weight").contains("(3, 4)")
                .contains("(4, 3)");
        assertSameBits(bits(target), before);
    }

    @Test
    void loadWithRenameReadsOldNames() throws IOException {
        Parameters source = model(4);
        Path file = dir.resolve("old.safetensors");
        // written under the names an older version of the model used
        Map<String, NDArray> oldNames = new LinkedHashMap<>();
        source.asMap().forEach((name, a) -> oldNames.put(name.replace("enc.", "encoder."), a));
        SafetensorsWriter.write(file, oldNames, Map.of());

        Parameters target = model(5);
        target.load(file, WeightLoader.strict("test model"), n -> n.replace("encoder.", "enc."));
        assertSameBits(bits(target), bits(source));

        // without the rename, the same file is missing every enc.* name
        Parameters strict = model(5);
        assertThat(catchThrowable(() -> strict.load(file, "test model")))
                .isInstanceOf(WeightMismatchException.class).hasMessageContaining("encoder.proj.weight");
    }

    @Test
    void twoOldNamesOntoOneNewNameIsAnError() throws IOException {
        Parameters source = model(6);
        Path file = dir.resolve("clash.safetensors");
        Map<String, NDArray> tensors = new LinkedHashMap<>(source.asMap());
        tensors.put("head_v1.weight", source.get("head.weight"));
        SafetensorsWriter.write(file, tensors, Map.of());

        Parameters target = model(7);
        Map<String, int[]> before = bits(target);
        Throwable thrown = catchThrowable(() ->
                target.load(file, WeightLoader.strict("test model"), n -> n.replace("head_v1.", "head.")));
        assertThat(thrown).isInstanceOf(IOException.class)
                .hasMessageContaining("'head.weight'").hasMessageContaining("'head_v1.weight'")
                .hasMessageContaining("both");
        assertSameBits(bits(target), before);
    }

    @Test
    void halfPrecisionHolderLoadsAFloat32FileAndStaysHalf() throws IOException {
        Parameters source = model(8);
        Path file = dir.resolve("f32.safetensors");
        source.save(file, Map.of());
        Parameters target = model(9);
        target.castTo(DataType.FLOAT16);
        target.load(file, "test model");
        NDArray w = target.get("head.weight");
        assertThat(w.getDataType()).isEqualTo(DataType.FLOAT16);
        float[] expected = source.get("head.weight").toFloatArray();
        float[] actual = w.toType(DataType.FLOAT32, false).toFloatArray();
        // rounded to float16 once: within 2^-11 relative
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).isLessThanOrEqualTo(Math.abs(expected[i]) / 2048);
        }
    }
}
