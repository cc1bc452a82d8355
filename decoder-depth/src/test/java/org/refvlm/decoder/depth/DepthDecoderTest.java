package org.refvlm.decoder.depth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.DepthMap;
import org.refvlm.api.DepthUnit;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.TargetGroup;
import org.refvlm.tensor.safetensors.WeightMismatchException;

class DepthDecoderTest {

    @TempDir
    Path dir;

    private NDManager manager;
    private DepthDecoder decoder;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        decoder = new DepthDecoder(Rooms.config(), manager, 7);
    }

    @AfterEach
    void tearDown() {
        decoder.close();
        manager.close();
    }

    @Test
    void specNamesTheLevelsItReads() {
        assertThat(decoder.spec().featureLevels()).containsExactly("stride4", "stride8");
        assertThat(decoder.spec().queryWidth()).isEqualTo(Rooms.D);
        assertThat(decoder.spec().maxQueries()).isEqualTo(3);
        assertThat(decoder.spec().needsImage()).isFalse();
        Map<String, NDArray> p = decoder.parameters();
        assertThat(p.get("lateral.0.conv.weight").getShape()).isEqualTo(new Shape(16, Rooms.C4, 1, 1));
        assertThat(p.get("fuse.1.conv.weight").getShape()).isEqualTo(new Shape(16, 16, 3, 3));
        assertThat(p.get("film.0.weight").getShape()).isEqualTo(new Shape(32, 16));
        assertThat(p.get("film.0.weight").toFloatArray()).containsOnly(0f);
        assertThat(p.get("head.1.weight").getShape()).isEqualTo(new Shape(1, 16, 1, 1));
    }

    @Test
    void decodesOnePositiveDepthMapOfTheOriginalImagePerRealQuery() {
        Rooms rooms = new Rooms(3, 3);
        List<List<DecodedUnit>> out = decoder.decode(rooms.input(manager));
        assertThat(out).hasSize(3);
        for (int b = 0; b < 3; b++) {
            assertThat(out.get(b)).hasSize(1);
            DepthMap d = ((DepthUnit) out.get(b).get(0)).depth();
            assertThat(d.width()).isEqualTo(rooms.frames.get(b).width());
            assertThat(d.height()).isEqualTo(rooms.frames.get(b).height());
            for (float v : d.values()) {
                assertThat(v).isGreaterThan(0f).isLessThanOrEqualTo(20f);
            }
        }
        assertThat(decoder.logDepth(rooms.input(manager)).getShape()).isEqualTo(new Shape(3, 3, 16, 16));
    }

    @Test
    void paddingSlotsAreIgnoredAndSeveralQueriesOfOneImageEachGetAMap() {
        Rooms rooms = new Rooms(3, 2);
        DecoderInput input = rooms.input(manager);
        NDArray garbage = manager.randomNormal(new Shape(2, 3, Rooms.D)).mul(100);
        NDArray real = input.queryMask().toType(DataType.FLOAT32, false).expandDims(2);
        NDArray noisy = input.queries().mul(real).add(garbage.mul(real.neg().add(1)));
        DecoderInput noisyInput = new DecoderInput(noisy, input.queryMask(), input.features(), input.frames());
        assertThat(decoder.decode(noisyInput)).isEqualTo(decoder.decode(input));

        boolean[] mask = {true, false, true, false, false, false};
        DecoderInput two = new DecoderInput(noisy, manager.create(mask, new Shape(2, 3)), input.features(), input.frames());
        List<List<DecodedUnit>> out = decoder.decode(two);
        assertThat(out.get(0)).hasSize(2);
        assertThat(out.get(1)).isEmpty();
    }

    @Test
    void savedFolderReadsBackToTheSameDepthAndAWrongFileIsRefused() throws Exception {
        Rooms rooms = new Rooms(5, 2);
        decoder.parameters().get("head.1.bias").addi(0.5f);      // differ from a fresh decoder
        decoder.saveFolder(dir.resolve("trained"));
        try (DepthDecoder reloaded = DepthDecoder.loadFolder(dir.resolve("trained"), manager)) {
            assertThat(reloaded.config()).isEqualTo(decoder.config());
            assertThat(reloaded.decode(rooms.input(manager))).isEqualTo(decoder.decode(rooms.input(manager)));
        }
        try (DepthDecoder other = new DepthDecoder(Rooms.config().toBuilder().dModel(8).build(), manager, 1)) {
            assertThatThrownBy(() -> other.load(dir.resolve("trained").resolve("model.safetensors")))
                    .isInstanceOf(WeightMismatchException.class);
        }
    }

    @Test
    void gradientsReachEveryParameterButTheZeroStartedFilmsInput() {
        Rooms rooms = new Rooms(11, 2);
        decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = decoder.loss(rooms.input(manager), rooms.targets());
            assertThat(loss.getShape()).isEqualTo(new Shape());
            assertThat(loss.getFloat()).isPositive();
            gc.backward(loss);
        }
        for (Map.Entry<String, NDArray> e : decoder.parameters().entrySet()) {
            float norm = e.getValue().getGradient().abs().sum().getFloat();
            if (e.getKey().startsWith("query.")) {
                // FiLM starts at zero (adaLN-Zero): the query projection learns once FiLM has moved
                assertThat(norm).as(e.getKey()).isZero();
            } else if (!e.getKey().startsWith("lateral.") || !e.getKey().endsWith(".bias")) {
                assertThat(norm).as(e.getKey()).isGreaterThan(0f);
            }
        }
    }

    @Test
    void withoutTargetsOrRealQueriesTheLossIsAConnectedZero() {
        Rooms rooms = new Rooms(11, 2);
        decoder.parameters().values().forEach(p -> p.setRequiresGradient(true));
        DecoderInput input = rooms.input(manager);
        DecoderInput noQueries = new DecoderInput(input.queries(), manager.zeros(new Shape(2, 3), DataType.BOOLEAN),
                input.features(), input.frames());
        for (DecoderInput in : List.of(input, noQueries)) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = decoder.loss(in, List.of());
                assertThat(loss.getFloat()).isZero();
                gc.backward(loss);
            }
            assertThat(decoder.parameters().get("head.1.weight").getGradient().isNaN().any().getBoolean()).isFalse();
        }
    }

    @Test
    void aTargetOfTheWrongSizeOrUnitIsNamed() {
        Rooms rooms = new Rooms(11, 1);
        List<TargetGroup> wrongSize = List.of(new TargetGroup(0, new int[] {0},
                List.of(new DepthUnit(new DepthMap(2, 2, new float[] {1, 1, 1, 1})))));
        assertThatThrownBy(() -> decoder.loss(rooms.input(manager), wrongSize))
                .hasMessageContaining("target group 0, target 0").hasMessageContaining("one value per original-image pixel");
        List<TargetGroup> box = List.of(new TargetGroup(0, new int[] {0}, List.of(new org.refvlm.api.BoxUnit(0, 0, 1, 1, 1))));
        assertThatThrownBy(() -> decoder.loss(rooms.input(manager), box)).hasMessageContaining("needs depth targets");
    }

    @Test
    void twoReferencesWithTwoTargetsAreMatchedToTheCloserOne() {
        Rooms rooms = new Rooms(11, 1);
        DecoderInput input = rooms.input(manager);
        boolean[] mask = {true, true, false};
        DecoderInput two = new DecoderInput(input.queries(), manager.create(mask, new Shape(1, 3)), input.features(),
                input.frames());
        DepthMap truth = rooms.truths.get(0);
        float[] doubled = truth.values();
        for (int i = 0; i < doubled.length; i++) {
            doubled[i] *= 1.5f;                                   // 18 m at most: still under maxDepth 20
        }
        List<TargetGroup> groups = List.of(new TargetGroup(0, new int[] {0, 1},
                List.of(new DepthUnit(truth), new DepthUnit(new DepthMap(truth.width(), truth.height(), doubled)))));
        float loss = decoder.loss(two, groups).getFloat();
        assertThat(loss).isPositive();
        assertThat(Float.isFinite(loss)).isTrue();
        // lambda 1 would make both targets equally good (they differ by a scale only): still one each
        try (DepthDecoder invariant = new DepthDecoder(Rooms.config().toBuilder().silogLambda(1).build(), manager, 7)) {
            assertThat(invariant.loss(two, groups).getFloat()).isCloseTo(
                    invariant.loss(two, List.of(new TargetGroup(0, new int[] {0}, List.of(new DepthUnit(truth))))).getFloat(),
                    within(1e-4f));
        }
    }
}
