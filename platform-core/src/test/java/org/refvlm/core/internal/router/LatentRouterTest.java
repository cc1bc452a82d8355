package org.refvlm.core.internal.router;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.refvlm.api.ActiveDecoder;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.ReferredObject;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.api.RgbImage;
import org.refvlm.core.pipeline.FixedDecoders;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.VisualUnitDecoder;

class LatentRouterTest {

    private static final int D = 4;
    private final NDManager manager = NDManager.newBaseManager();
    /** The request's padded square at side 4, as the encoders would have made it. */
    private final NDArray square = manager.zeros(new Shape(1, 3, 4, 4));

    @AfterEach
    void close() {
        manager.close();
    }

    /** Decodes each query to a box whose x0 is the query's first value, so results can be traced. */
    static final class TracingDecoder implements VisualUnitDecoder {
        final int maxQueries;
        final List<Integer> batchSizes = new ArrayList<>();
        final List<List<DecoderImage>> images = new ArrayList<>();
        final List<Map<Integer, NDArray>> squares = new ArrayList<>();
        boolean broken;
        boolean needsImage;

        TracingDecoder(int maxQueries) {
            this.maxQueries = maxQueries;
        }

        @Override
        public DecoderSpec spec() {
            return new DecoderSpec(D, maxQueries, List.of("grid"), needsImage);
        }

        @Override
        public List<List<DecodedUnit>> decode(DecoderInput input) {
            if (broken) {
                throw new IllegalStateException("bundle stopped");
            }
            assertThat(input.queries().getShape()).isEqualTo(new Shape(1, maxQueries, D));
            assertThat(input.features()).containsKey("grid");
            squares.add(input.squares());
            float[] q = input.queries().toFloatArray();
            boolean[] valid = input.queryMask().toBooleanArray();
            List<DecodedUnit> out = new ArrayList<>();
            for (int i = 0; i < maxQueries; i++) {
                if (valid[i]) {
                    out.add(new BoxUnit(q[i * D], 0, q[i * D] + 1, 1, 1));
                }
            }
            batchSizes.add(out.size());
            images.add(input.images());
            return List.of(out);
        }

    }

    /** A registry of fixed decoders by unit. */
    static DecoderRegistry registry(Map<String, VisualUnitDecoder> decoders) {
        return new FixedDecoders(decoders);
    }

    /** Feeds an answer token by token; the hidden state of token i is [i, i, i, i]. */
    ReferenceCapture capture(String... tokens) {
        ReferenceCapture c = ReferenceCapture.lenient(manager);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < tokens.length; i++) {
                c.onToken(i, i, tokens[i], m.full(new Shape(D), (float) i));
            }
        }
        c.finish();
        return c;
    }

    private List<ReferredObject> route(DecoderRegistry r, ReferenceCapture c) {
        return new LatentRouter(r).decode(c.groups(), Map.of("grid", manager.zeros(new Shape(1, 2, 3, 3))),
                new DecoderImage(new RgbImage(10, 10, new byte[10 * 10 * 3])), Map.of(4, square), manager);
    }

    @Test
    void capturesTheStateOfTheTokenThatWroteEachRef() {
        ReferenceCapture c = capture("<Phrase>", "dog", "</Phrase>", "(", "<Unit>", "box", "</Unit>",
                "[0]", "<REF>", "[1]", "<REF>", ")");
        assertThat(c.groups()).hasSize(1);
        ReferringGroup g = c.groups().get(0);
        assertThat(g.phrase()).isEqualTo("dog");
        assertThat(g.units()).containsExactly("box");
        assertThat(g.references()).extracting(r -> r.embedding().getFloat(0)).containsExactly(8f, 10f);
        assertThat(g.references()).extracting(r -> r.reference().index()).containsExactly(0, 1);
    }

    @Test
    void routesEachUnitToItsDecoderAndKeepsAnswerOrder() {
        TracingDecoder box = new TracingDecoder(4), mask = new TracingDecoder(4);
        ReferenceCapture c = capture("<Phrase>a</Phrase>(<Unit>box</Unit>[0]", "<REF>", ")",
                "<Phrase>b</Phrase>(<Unit>mask</Unit>[0]", "<REF>", "[1]", "<REF>", ")");
        List<ReferredObject> out = route(registry(Map.of("box", box, "mask", mask)), c);
        assertThat(out).extracting(ReferredObject::phrase).containsExactly("a", "b", "b");
        assertThat(out).extracting(o -> ((BoxUnit) o.value()).x0()).containsExactly(1.0, 4.0, 6.0);
        assertThat(box.batchSizes).containsExactly(1);
        assertThat(mask.batchSizes).containsExactly(2);
    }

    @Test
    void compositeUnitGoesToEachOfItsDecoders() {
        TracingDecoder box = new TracingDecoder(4), kp = new TracingDecoder(4);
        ReferenceCapture c = capture("<Phrase>man</Phrase>(<Unit>box, keypoint</Unit>[0]", "<REF>", ")");
        List<ReferredObject> out = route(registry(Map.of("box", box, "keypoint", kp)), c);
        assertThat(out).extracting(ReferredObject::unit).containsExactly("box", "keypoint");
        assertThat(out).allMatch(o -> o.error() == null);
    }

    @Test
    void unitWithoutDecoderSpoilsOnlyItsGroup() {
        TracingDecoder box = new TracingDecoder(4);
        ReferenceCapture c = capture("<Phrase>a</Phrase>(<Unit>box</Unit>[0]", "<REF>", ")",
                "<Phrase>b</Phrase>(<Unit>depth</Unit>[0]", "<REF>", ")");
        List<ReferredObject> out = route(registry(Map.of("box", box)), c);
        assertThat(out.get(0).value()).isInstanceOf(BoxUnit.class);
        assertThat(out.get(1).error()).startsWith("no decoder installed for unit 'depth'");
    }

    @Test
    void failingDecoderSpoilsOnlyItsReferences() {
        TracingDecoder box = new TracingDecoder(4), mask = new TracingDecoder(4);
        mask.broken = true;
        ReferenceCapture c = capture("<Phrase>a</Phrase>(<Unit>box</Unit>[0]", "<REF>", ")",
                "<Phrase>b</Phrase>(<Unit>mask</Unit>[0]", "<REF>", ")");
        List<ReferredObject> out = route(registry(Map.of("box", box, "mask", mask)), c);
        assertThat(out.get(0).error()).isNull();
        assertThat(out.get(1).error()).isEqualTo("decoder 'mask-decoder' failed: bundle stopped");
    }

    @Test
    void referencesBeyondTheQueryLengthAreReportedNotDropped() {
        TracingDecoder box = new TracingDecoder(2);
        ReferenceCapture c = capture("<Phrase>a</Phrase>(<Unit>box</Unit>[0]", "<REF>", "[1]", "<REF>", "[2]", "<REF>", ")");
        List<ReferredObject> out = route(registry(Map.of("box", box)), c);
        assertThat(out).hasSize(3);
        assertThat(out.get(2).error()).isEqualTo("decoder 'box-decoder' takes at most 2 references per image");
        assertThat(box.batchSizes).containsExactly(2);
    }

    @Test
    void onlyADecoderThatAsksForTheImageGetsIt() {
        TracingDecoder box = new TracingDecoder(4), mask = new TracingDecoder(4);
        mask.needsImage = true;
        ReferenceCapture c = capture("<Phrase>a</Phrase>(<Unit>box</Unit>[0]", "<REF>", ")",
                "<Phrase>b</Phrase>(<Unit>mask</Unit>[0]", "<REF>", ")");
        route(registry(Map.of("box", box, "mask", mask)), c);
        assertThat(box.images).containsExactly(List.of());
        assertThat(mask.images).hasSize(1);
        DecoderImage image = mask.images.get(0).get(0);
        assertThat(image.frame()).isEqualTo(new ImageFrame(10, 10));
        assertThat(image.pixels().width()).isEqualTo(10);
        assertThat(mask.squares.get(0)).as("the encoders' squares, not a copy").containsOnly(Map.entry(4, square));
        assertThat(box.squares.get(0)).isEmpty();
    }

    /** A decoder whose spec or output is wrong in one way, to reach each of the router's checks. */
    static final class WrongDecoder implements VisualUnitDecoder {
        final int width;
        final List<String> levels;
        final boolean dropsOne;

        WrongDecoder(int width, List<String> levels, boolean dropsOne) {
            this.width = width;
            this.levels = levels;
            this.dropsOne = dropsOne;
        }

        @Override
        public DecoderSpec spec() {
            return new DecoderSpec(width, 4, levels, false);
        }

        @Override
        public List<List<DecodedUnit>> decode(DecoderInput input) {
            boolean[] valid = input.queryMask().toBooleanArray();
            List<DecodedUnit> out = new ArrayList<>();
            for (boolean v : valid) {
                if (v) {
                    out.add(new BoxUnit(0, 0, 1, 1, BoxUnit.NO_SCORE));
                }
            }
            return List.of(dropsOne ? out.subList(1, out.size()) : out);
        }
    }

    private static final String[] TWO_REFS = {"<Phrase>a</Phrase>(<Unit>box</Unit>[0]", "<REF>", "[1]", "<REF>", ")"};

    @Test
    void aDecoderReturningTheWrongNumberOfResultsSpoilsItsReferencesWithTheCounts() {
        List<ReferredObject> out = route(registry(Map.of("box", new WrongDecoder(D, List.of("grid"), true))),
                capture(TWO_REFS));
        assertThat(out).extracting(ReferredObject::error).containsOnly(
                "decoder 'box-decoder' failed: it returned 1 results for 2 references");
    }

    @Test
    void embeddingsOfTheWrongWidthAreNamedPerReference() {
        List<ReferredObject> out = route(registry(Map.of("box", new WrongDecoder(8, List.of("grid"), false))),
                capture(TWO_REFS));
        assertThat(out).extracting(ReferredObject::error).containsOnly(
                "decoder 'box-decoder' takes 8-wide embeddings, the model gives 4");
    }

    @Test
    void aMissingFeatureMapIsNamedWithTheMapsThereAre() {
        List<ReferredObject> out = route(registry(Map.of("box", new WrongDecoder(D, List.of("grid", "stride8"), false))),
                capture(TWO_REFS));
        assertThat(out).extracting(ReferredObject::error).containsOnly(
                "decoder 'box-decoder' failed: the image has no feature map 'stride8' (it has [grid])");
    }
}
