package org.refvlm.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.trainer.RandomModel;
import org.refvlm.core.pipeline.ModelFolder;
import org.refvlm.decoder.detr.service.DetrDecoderFactory;
import org.refvlm.decoder.maskformer.service.MaskFormerDecoderFactory;
import org.refvlm.spi.DecoderFactory;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.trainer.internal.TrainingRun;
import org.refvlm.training.Trainer;
import org.refvlm.training.TrainingResult;

/**
 * The whole stage-2 step (encoders, projector, language model, router, both decoders) on a tiny
 * configuration: an interrupted and resumed run follows the uninterrupted run's loss curve, and
 * the finished run leaves a model folder with both decoders.
 */
class TrainingRunTest {

    private static final Map<String, DecoderFactory> FACTORIES =
            Map.of("detr", new DetrDecoderFactory(), "maskformer", new MaskFormerDecoderFactory(),
                    // a second box kind, as SAM is a second mask kind beside MaskFormer
                    "detr-b", new DetrDecoderFactory());

    @TempDir
    Path dir;

    private Path recipe(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/recipes/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private TrainingRun run(Path recipe, Path out) throws IOException {
        return new TrainingRun(recipe, out, Device.cpu(), FACTORIES::get);
    }

    @Test
    void killedAndResumedRunFollowsTheSameLossCurve() throws Exception {
        Path recipe = recipe("tiny-stage2.json");
        TrainingResult straight = run(recipe, dir.resolve("straight")).run(false);
        assertThat(straight.endStep()).isEqualTo(6);

        Path out = dir.resolve("interrupted");
        TrainingResult first = run(recipe, out).stopAfter(3).run(false);
        assertThat(first.endStep()).isEqualTo(3);
        assertThat(Files.exists(out.resolve(TrainingRun.MODEL))).as("no model before the recipe completes").isFalse();
        // A new run object is a new process as far as the model is concerned: everything is reloaded.
        TrainingResult rest = run(recipe, out).run(true);
        assertThat(rest.startStep()).isEqualTo(3);

        List<Double> resumed = new ArrayList<>(first.losses());
        resumed.addAll(rest.losses());
        assertThat(resumed).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(resumed.get(i)).as("loss at step %d", i + 1)
                    .isCloseTo(straight.losses().get(i), org.assertj.core.data.Percentage.withPercentage(1e-4));
        }
        assertThat(losses(out.resolve("metrics.jsonl"))).hasSize(6);
    }

    @Test
    void finishedRunWritesAServableModelFolder() throws Exception {
        Path out = dir.resolve("run");
        run(recipe("tiny-stage2.json"), out).run(false);
        Path model = out.resolve(TrainingRun.MODEL);
        ModelFolder description = ModelFolder.read(model).orElseThrow();
        assertThat(description.name()).isEqualTo("tiny-test");
        assertThat(description.decoders()).extracting(ModelFolder.Decoder::unit).containsExactly("box", "mask");
        for (String part : List.of("llm/model.safetensors", "llm/tokenizer.json", "clip-vit/model.safetensors",
                "convnext/model.safetensors", "projector.safetensors", "decoders/box/model.safetensors",
                "decoders/mask/config.json")) {
            assertThat(model.resolve(part)).as(part).isRegularFile();
        }
        // The trained decoders load through the same factories the platform's loaders use.
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(Device.cpu())) {
            FACTORIES.get("detr").load(model.resolve("decoders/box"), m).close();
            FACTORIES.get("maskformer").load(model.resolve("decoders/mask"), m).close();
        }
    }

    @Test
    void pretrainedEncodersAndAGroundedBoxDecoderTrainIntoAServableModel() throws Exception {
        Path recipe = dir.resolve("pretrained.json");
        Files.writeString(recipe, Files.readString(recipe("tiny-stage2.json"))
                .replace("\"trainEncoders\": true,", "\"trainEncoders\": false,\n  \"pretrainEncoders\": "
                        + "{\"steps\": 4, \"lr\": 0.003, \"batchSize\": 2, \"seed\": 1},")
                .replace("\"giouWeight\": 2.0}", "\"giouWeight\": 2.0, \"alignWeight\": 1.0}")
                .replace("\"normGroups\": 4}", "\"normGroups\": 4}, \"startStep\": 3"));
        Path out = dir.resolve("pretrained");
        run(recipe, out).run(false);
        assertThat(Files.readAllLines(out.resolve("pretraining").resolve(Trainer.METRICS))).hasSize(4);
        // init/ holds the pretrained encoders, not the random ones the same sizes and seed give.
        Path random = dir.resolve("random");
        RandomModel.write(random, Recipe.read(recipe).model().random(), Device.cpu());
        for (String part : List.of("convnext/model.safetensors", "clip-vit/model.safetensors")) {
            assertThat(Files.readAllBytes(out.resolve("init").resolve(part))).as(part)
                    .isNotEqualTo(Files.readAllBytes(random.resolve(part)));
        }
        assertThat(Files.readAllBytes(out.resolve("init/llm/model.safetensors")))
                .isEqualTo(Files.readAllBytes(random.resolve("llm/model.safetensors")));
        // Frozen in stage 2: the served encoders are the pretrained ones.
        assertThat(Files.readAllBytes(out.resolve("model/convnext/model.safetensors")))
                .isEqualTo(Files.readAllBytes(out.resolve("init/convnext/model.safetensors")));
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(Device.cpu())) {
            TrainableDecoder box = FACTORIES.get("detr").load(out.resolve("model/decoders/box"), m);
            assertThat(box.parameters().keySet()).contains("grounding.query.weight");
            box.close();
        }
    }

    @Test
    void aFollowUpPhaseAttachesADecoderToTheModelTheFirstPhaseWrote() throws Exception {
        Path recipe = recipe("tiny-two-phases.json");
        Path out = dir.resolve("phases");
        TrainingRun straight = run(recipe, out);
        TrainingResult last = straight.run(false);
        assertThat(straight.complete()).isTrue();
        assertThat(last.endStep()).isEqualTo(4);
        assertThat(losses(out.resolve("metrics.jsonl"))).hasSize(4);
        assertThat(losses(out.resolve("then-1/metrics.jsonl"))).hasSize(4);
        ModelFolder first = ModelFolder.read(out.resolve("phase-model")).orElseThrow();
        assertThat(first.decoders()).extracting(ModelFolder.Decoder::unit).containsExactly("box");
        ModelFolder model = ModelFolder.read(straight.model()).orElseThrow();
        assertThat(straight.model()).isEqualTo(out.resolve(TrainingRun.MODEL).toAbsolutePath());
        assertThat(model.decoders()).extracting(ModelFolder.Decoder::unit).containsExactlyInAnyOrder("box", "mask");
        // Stage 3 froze everything but the mask decoder: the box decoder and the language model are phase 0's.
        for (String part : List.of("decoders/box/model.safetensors", "llm/model.safetensors")) {
            assertThat(Files.readAllBytes(out.resolve("model").resolve(part))).as(part)
                    .isEqualTo(Files.readAllBytes(out.resolve("phase-model").resolve(part)));
        }
        // ... so both decoders record the one base they were trained against, the one shipped.
        assertThat(model.decoders()).extracting(ModelFolder.Decoder::base).containsOnly(
                org.refvlm.core.pipeline.BaseFingerprint.of(straight.model()));
        assertThat(model.staleDecoders(straight.model())).isEmpty();

        // Paused inside phase 0, then inside the second phase, and resumed each time: no phase is
        // trained again and both end as the uninterrupted run did.
        Path paused = dir.resolve("paused");
        TrainingRun firstPart = run(recipe, paused).stopAfter(2);
        firstPart.run(false);                                        // phase 0 stops at step 2
        assertThat(firstPart.complete()).isFalse();
        assertThat(paused.resolve("phase-model")).doesNotExist();
        TrainingRun secondPart = run(recipe, paused).stopAfter(1, 2);
        TrainingResult inPhaseOne = secondPart.run(true);            // phase 0 to the end, phase 1 stops at step 2
        assertThat(secondPart.complete()).isFalse();
        assertThat(inPhaseOne.endStep()).isEqualTo(2);
        assertThat(paused.resolve("phase-model").resolve(ModelFolder.FILE)).exists();
        assertThat(losses(paused.resolve("then-1/metrics.jsonl"))).hasSize(2);
        run(recipe, paused).run(true);                               // phase 1 from its step 2 checkpoint to the end
        for (String metrics : List.of("metrics.jsonl", "then-1/metrics.jsonl")) {
            List<Double> expected = losses(out.resolve(metrics));
            List<Double> resumed = losses(paused.resolve(metrics));
            assertThat(resumed).as(metrics).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(resumed.get(i)).as("%s step %d", metrics, i + 1)
                        .isCloseTo(expected.get(i), org.assertj.core.data.Percentage.withPercentage(1e-4));
            }
        }
        TrainingRun again = run(recipe, paused);
        assertThat(again.run(true).losses()).as("nothing left to train").isEmpty();
        assertThat(again.complete()).isTrue();
    }

    @Test
    void aDecoderTrainedAlongsideKeepsTheModelsDecoderOfTheSameUnit() throws Exception {
        String twoPhases = Files.readString(recipe("tiny-two-phases.json"));
        String secondBox = twoPhases.substring(twoPhases.indexOf("{\"unit\": \"box\""), twoPhases.indexOf("}}\n  ],") + 2)
                .replace("\"kind\": \"detr\"", "\"kind\": \"detr-b\", \"alongside\": true, \"ranking\": -1");
        Path recipe = dir.resolve("alongside.json");
        Files.writeString(recipe, twoPhases.replace(twoPhases.substring(twoPhases.indexOf("{\"unit\": \"mask\""),
                twoPhases.indexOf("\"normGroups\": 4}}") + "\"normGroups\": 4}}".length()), secondBox)
                .replace("[\"res\", \"gcg-mask\"]", "[\"rec\"]"));
        Path out = dir.resolve("alongside");
        TrainingRun run = run(recipe, out);
        run.run(false);
        ModelFolder model = ModelFolder.read(run.model()).orElseThrow();
        assertThat(model.decoders()).extracting(ModelFolder.Decoder::unit, ModelFolder.Decoder::kind,
                ModelFolder.Decoder::path, ModelFolder.Decoder::serviceRanking).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("box", "detr", "decoders/box", 0),
                org.assertj.core.groups.Tuple.tuple("box", "detr-b", "decoders/box-detr-b", -1));
        // the first box decoder is phase 0's, untouched; the second is a folder of its own
        assertThat(Files.readAllBytes(out.resolve("model/decoders/box/model.safetensors")))
                .isEqualTo(Files.readAllBytes(out.resolve("phase-model/decoders/box/model.safetensors")));
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(Device.cpu())) {
            FACTORIES.get("detr-b").load(run.model().resolve("decoders/box-detr-b"), m).close();
        }
        assertThat(model.staleDecoders(run.model())).isEmpty();

        // without "alongside", a decoder of another kind replaces the unit's decoder
        Path replacing = dir.resolve("replacing.json");
        Files.writeString(replacing, Files.readString(recipe).replace("\"alongside\": true, ", ""));
        TrainingRun replaced = run(replacing, dir.resolve("replacing"));
        replaced.run(false);
        assertThat(ModelFolder.read(replaced.model()).orElseThrow().decoders())
                .extracting(ModelFolder.Decoder::kind, ModelFolder.Decoder::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("detr-b", "decoders/box"));
    }

    @Test
    void aFollowUpPhaseContinuesOrDropsTheDecodersThePhaseBeforeTrained() throws Exception {
        String twoPhases = Files.readString(recipe("tiny-two-phases.json"));
        String maskPart = twoPhases.substring(twoPhases.indexOf("{\"unit\": \"mask\""),
                twoPhases.indexOf("\"normGroups\": 4}}") + "\"normGroups\": 4}}".length());
        Path recipe = dir.resolve("continued.json");
        Files.writeString(recipe, twoPhases.replace(maskPart, "{\"unit\": \"box\", \"kind\": \"detr\", \"from\": \"model\"}")
                .replace("[\"res\", \"gcg-mask\"]", "[\"rec\"]"));
        Path out = dir.resolve("continued");
        TrainingRun run = run(recipe, out);
        run.run(false);
        // the box decoder phase 0 wrote, trained 4 steps further: same shapes, other values
        assertThat(ModelFolder.read(run.model()).orElseThrow().decoders()).extracting(ModelFolder.Decoder::kind)
                .containsExactly("detr");
        assertThat(Files.readAllBytes(out.resolve("model/decoders/box/model.safetensors")))
                .hasSameSizeAs(Files.readAllBytes(out.resolve("phase-model/decoders/box/model.safetensors")))
                .isNotEqualTo(Files.readAllBytes(out.resolve("phase-model/decoders/box/model.safetensors")));

        Path missing = dir.resolve("missing.json");
        Files.writeString(missing, Files.readString(recipe).replace("\"from\": \"model\"}", "\"from\": \"model\", "
                + "\"alongside\": true}").replace("\"kind\": \"detr\", \"from\"", "\"kind\": \"detr-b\", \"from\""));
        assertThatThrownBy(() -> run(missing, dir.resolve("missing")).run(false))
                .hasMessageContaining("has no 'detr-b' decoder for unit 'box' to start from (it has: [box=detr])");
        // a phase can leave out a decoder the model brings
        Path dropping = dir.resolve("dropping.json");
        Files.writeString(dropping, twoPhases.replace("\"stage\": 3,", "\"stage\": 3, \"dropDecoders\": [\"box\"],"));
        TrainingRun dropped = run(dropping, dir.resolve("dropping"));
        dropped.run(false);
        assertThat(ModelFolder.read(dropped.model()).orElseThrow().decoders()).extracting(ModelFolder.Decoder::unit)
                .containsExactly("mask");
        assertThat(dropped.model().resolve("decoders/box")).doesNotExist();
        Path droppingTrained = dir.resolve("dropping-trained.json");
        Files.writeString(droppingTrained, twoPhases.replace("\"stage\": 3,", "\"stage\": 3, \"dropDecoders\": [\"mask\"],"));
        assertThatThrownBy(() -> Recipe.read(droppingTrained)).hasMessageContaining("dropDecoders names 'mask', which this phase trains");

        Path fromNothing = dir.resolve("from-nothing.json");
        Files.writeString(fromNothing, Files.readString(recipe("tiny-stage2.json")).replaceFirst(
                "\"config\": \\{[^}]*\\}", "\"from\": \"model\""));
        assertThatThrownBy(() -> Recipe.read(fromNothing)).hasMessageContaining("the model starts from random weights");
    }

    @Test
    void aStageThreeThatTunesTheLanguageModelLeavesTheOlderDecodersStale() throws Exception {
        Path recipe = dir.resolve("tuned.json");
        Files.writeString(recipe, Files.readString(recipe("tiny-two-phases.json"))
                .replace("\"stage\": 3,", "\"stage\": 3,\n      \"tuneLanguageModel\": true,"));
        Path out = dir.resolve("tuned");
        TrainingRun run = run(recipe, out);
        run.run(false);
        // the paper's stage 3: the language model learned together with the new mask decoder
        assertThat(Files.readAllBytes(out.resolve("model/llm/model.safetensors")))
                .isNotEqualTo(Files.readAllBytes(out.resolve("phase-model/llm/model.safetensors")));
        ModelFolder model = ModelFolder.read(run.model()).orElseThrow();
        assertThat(model.staleDecoders(run.model())).extracting(ModelFolder.Decoder::unit).containsExactly("box");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(recipe).replace("\"lmWeight\": 1.0,\n  \"optim\"",
                "\"lmWeight\": 1.0, \"tuneLanguageModel\": true,\n  \"optim\""));
        assertThatThrownBy(() -> Recipe.read(bad)).hasMessageContaining("tuneLanguageModel is for stage 3");
    }

    @Test
    void aTunedStageThreeCanGiveTheTokenizerTheNewTasksWords() throws Exception {
        Path recipe = dir.resolve("words.json");
        Files.writeString(recipe, Files.readString(recipe("tiny-two-phases.json"))
                .replace("\"stage\": 3,", "\"stage\": 3,\n      \"tuneLanguageModel\": true, \"addWords\": true,"));
        Path out = dir.resolve("words");
        TrainingRun run = run(recipe, out);
        run.run(false);
        ObjectMapper json = new ObjectMapper();
        JsonNode before = json.readTree(out.resolve("phase-model/llm/tokenizer.json").toFile());
        JsonNode after = json.readTree(run.model().resolve("llm/tokenizer.json").toFile());
        // the character tokenizer of phase 0 now has the words of the segmentation prompts, each one token
        assertThat(after.get("added_tokens").size()).isGreaterThan(before.get("added_tokens").size() + 10);
        try (org.refvlm.llm.TextTokenizer t = org.refvlm.llm.TextTokenizer.load(run.model().resolve("llm/tokenizer.json"),
                org.refvlm.llm.RefVlmTokens.ADDED_TOKENS);
             org.refvlm.llm.TextTokenizer old = org.refvlm.llm.TextTokenizer.load(
                     out.resolve("phase-model/llm/tokenizer.json"), org.refvlm.llm.RefVlmTokens.ADDED_TOKENS)) {
            assertThat(t.tokenId(org.refvlm.llm.RefVlmTokens.REF)).isEqualTo(old.tokenId(org.refvlm.llm.RefVlmTokens.REF));
            assertThat(json.readTree(run.model().resolve("llm/config.json").toFile()).get("vocab_size").asInt())
                    .isEqualTo(t.vocabSize());
        }
        assertThat(out.resolve("then-1/init/llm/tokenizer.json")).exists();
        Path bad = dir.resolve("bad-words.json");
        Files.writeString(bad, Files.readString(dir.resolve("tiny-two-phases.json")).replace("\"stage\": 3,",
                "\"stage\": 3, \"addWords\": true,"));
        assertThatThrownBy(() -> Recipe.read(bad)).hasMessageContaining("addWords needs a stage that trains the language model");
    }

    @Test
    void everySyntheticTaskTypeTrainsVisualPromptsAndCompositeUnitsIncluded() throws Exception {
        Path recipe = dir.resolve("all-tasks.json");
        Files.writeString(recipe, Files.readString(recipe("tiny-stage2.json"))
                .replace("\"pyramidSide\": 64}", "\"pyramidSide\": 64, \"gridSide\": 2}")
                .replace("\"tasks\": [\"rec\", \"res\", \"gcg-box\", \"gcg-mask\"]",
                        "\"tasks\": [\"caption\", \"vqa\", \"rec\", \"res\", \"reg-point\", \"reg-box\", \"reg-scribble\", "
                        + "\"reg-mask\", \"ig-box\", \"ig-mask\", \"ig-keypoint\", \"gcg-box\", \"gcg-mask\", \"ovd\", "
                        + "\"fovd\", \"ovs\", \"fovs\", \"keypoint\", \"depth\", \"mixed\"]")
                .replace("\"steps\": 6,", "\"steps\": 10,"));
        Path out = dir.resolve("all");
        TrainingResult result = run(recipe, out).run(false);
        assertThat(result.endStep()).isEqualTo(10);
        assertThat(result.losses()).allMatch(l -> Double.isFinite(l) && l > 0);
        // 10 steps x 2 micro-batches x 2 examples = 40 examples: every one of the 20 task types twice
        assertThat(Files.readString(out.resolve("metrics.jsonl")).lines()).hasSize(10);
    }

    @Test
    void aModelCanReadItsImageTokensFromThePyramid() throws Exception {
        Path recipe = dir.resolve("pyramid-tokens.json");
        Files.writeString(recipe, Files.readString(recipe("tiny-stage2.json"))
                .replace("\"pyramidSide\": 64}", "\"pyramidSide\": 64, \"gridSide\": 2, \"imageTokens\": \"stride16\"}")
                .replace("\"tasks\": [\"rec\", \"res\", \"gcg-box\", \"gcg-mask\"]", "\"tasks\": [\"rec\", \"ig-box\", \"reg-point\"]")
                .replace("\"steps\": 6,", "\"steps\": 4,"));
        Path out = dir.resolve("pyramid-tokens");
        TrainingResult result = run(recipe, out).run(false);
        assertThat(result.losses()).hasSize(4).allMatch(Double::isFinite);
        ModelFolder model = ModelFolder.read(out.resolve(TrainingRun.MODEL)).orElseThrow();
        assertThat(model.imageTokens()).isEqualTo("stride16");
        assertThat(model.settings().imageTokens()).isEqualTo("stride16");
        // the projector reads the stride-16 stage's 32 channels, not the ViT's 16
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(Device.cpu())) {
            org.refvlm.core.vision.Projector p = org.refvlm.core.vision.Projector.read(
                    out.resolve("model/projector.safetensors"), m);
            assertThat(p.visionDim()).isEqualTo(32);
        }
        // and the projector learned: it is not the random one it started from
        assertThat(Files.readAllBytes(out.resolve("model/projector.safetensors")))
                .isNotEqualTo(Files.readAllBytes(out.resolve("init/projector.safetensors")));
    }

    /**
     * With only the picture-words loss (stage 1: the projector alone, next-token loss off), the
     * image tokens learn to name the objects under them through the word embeddings: the loss falls
     * well below where it starts.
     */
    @Test
    void thePictureWordsLossTeachesTheProjectorToNameWhatEachCellShows() throws Exception {
        Path recipe = dir.resolve("picture-words.json");
        Files.writeString(recipe, Files.readString(recipe("tiny-stage2.json"))
                .replace("\"stage\": 2", "\"stage\": 1")
                .replace("\"seed\": 3}}", "\"seed\": 3}, \"tokenizer\": \"words\"}")
                .replace("\"trainEncoders\": true,", "\"trainEncoders\": false,")
                .replace("\"tasks\": [\"rec\", \"res\", \"gcg-box\", \"gcg-mask\"]", "\"tasks\": [\"caption\", \"vqa\"]")
                .replace("\"lmWeight\": 1.0,", "\"lmWeight\": 0.0, \"pictureWordsWeight\": 1.0,")
                .replace("\"batchSize\": 2,", "\"batchSize\": 8,")
                .replace("\"steps\": 6, \"lr\": 0.002, \"warmup\": 2,", "\"steps\": 60, \"lr\": 0.02, \"warmup\": 2,")
                .replace("\"accumulation\": 2,", "\"accumulation\": 1,")
                .replace("\"checkpointEvery\": 2}", "\"checkpointEvery\": 60}")
                .replaceAll("(?s)\"decoders\": \\[.*?\\n  \\],\n", "\"decoders\": [],\n"));
        List<Double> losses = run(recipe, dir.resolve("words")).run(false).losses();
        assertThat(losses).hasSize(60).allMatch(Double::isFinite);
        double first = losses.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(50, 60).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(last).as("mean loss of the last 10 steps against the first 5 (%s)", losses).isLessThan(0.6 * first);

        Path bad = dir.resolve("bad-words.json");
        Files.writeString(bad, Files.readString(recipe).replace("\"stage\": 1", "\"stage\": 2")
                .replace("\"pictureWordsWeight\": 1.0", "\"pictureWordsWeight\": -1"));
        assertThatThrownBy(() -> Recipe.read(bad)).hasMessageContaining("pictureWordsWeight must be 0 (off) or more");
    }

    /**
     * With four image tokens per cell, a cell's tokens name its object's size, colour, pattern and
     * shape one each: the widened projector learns that as the one-token projector learns all four
     * at once, the written model keeps four tokens per cell, and a stage that cannot train the
     * projector is refused the wider one.
     */
    @Test
    void fourImageTokensPerCellLearnToNameOneAttributeEach() throws Exception {
        Path recipe = dir.resolve("picture-words-4.json");
        Files.writeString(recipe, Files.readString(recipe("tiny-stage2.json"))
                .replace("\"stage\": 2", "\"stage\": 1")
                .replace("\"seed\": 3}}", "\"seed\": 3}, \"tokenizer\": \"words\"}")
                .replace("\"trainEncoders\": true,", "\"trainEncoders\": false,")
                .replace("\"tasks\": [\"rec\", \"res\", \"gcg-box\", \"gcg-mask\"]", "\"tasks\": [\"caption\", \"vqa\"]")
                .replace("\"lmWeight\": 1.0,", "\"lmWeight\": 0.0, \"pictureWordsWeight\": 1.0, \"imageTokensPerCell\": 4,")
                .replace("\"batchSize\": 2,", "\"batchSize\": 8,")
                .replace("\"steps\": 6, \"lr\": 0.002, \"warmup\": 2,", "\"steps\": 60, \"lr\": 0.02, \"warmup\": 2,")
                .replace("\"accumulation\": 2,", "\"accumulation\": 1,")
                .replace("\"checkpointEvery\": 2}", "\"checkpointEvery\": 60}")
                .replaceAll("(?s)\"decoders\": \\[.*?\\n  \\],\n", "\"decoders\": [],\n"));
        Path out = dir.resolve("words-4");
        List<Double> losses = run(recipe, out).run(false).losses();
        assertThat(losses).hasSize(60).allMatch(Double::isFinite);
        double first = losses.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(50, 60).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(last).as("mean loss of the last 10 steps against the first 5 (%s)", losses).isLessThan(0.6 * first);
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(Device.cpu())) {
            assertThat(org.refvlm.core.vision.Projector.read(out.resolve("model/projector.safetensors"), m)
                    .tokensPerCell()).isEqualTo(4);
            assertThat(org.refvlm.core.vision.Projector.read(out.resolve("init/projector.safetensors"), m)
                    .tokensPerCell()).as("widened before training").isEqualTo(4);
        }

        Path bad = dir.resolve("bad-cells.json");
        Files.writeString(bad, Files.readString(recipe).replace("\"stage\": 1", "\"stage\": 3")
                .replace("\"pictureWordsWeight\": 1.0, ", ""));
        assertThatThrownBy(() -> Recipe.read(bad)).hasMessageContaining("imageTokensPerCell 4 gives the projector new "
                + "outputs to train, which stage 3 does not train");
        Files.writeString(bad, Files.readString(recipe).replace("\"imageTokensPerCell\": 4", "\"imageTokensPerCell\": -2"));
        assertThatThrownBy(() -> Recipe.read(bad)).hasMessageContaining("imageTokensPerCell must be 1 or more");
    }

    @Test
    void aModelCanBeRetrainedToReadItsImageTokensFromAnotherMap() throws Exception {
        Path first = dir.resolve("vit-model.json");
        Files.writeString(first, Files.readString(recipe("tiny-two-phases.json"))
                .replaceAll("(?s),\n  \"then\": \\[.*\\]\n}", "\n}"));
        Path vit = dir.resolve("vit");
        run(first, vit).run(false);
        assertThat(ModelFolder.read(vit.resolve("model")).orElseThrow().imageTokens()).isEqualTo("vit");

        Path second = dir.resolve("stride16.json");
        Files.writeString(second, """
                {"name": "stride16", "stage": 2, "model": {"from": "vit/model"},
                 "pipeline": {"template": "<image>\\n{prompt}\\n", "pyramidSide": 64, "imageTokens": "stride16"},
                 "trainEncoders": false, "decoders": [],
                 "data": [{"weight": 1.0, "synthetic": {"split": "train", "seed": 5, "tasks": ["vqa"],
                   "size": 64, "perScene": 1, "taskBlock": false}}],
                 "batchSize": 2, "lmWeight": 1.0,
                 "optim": {"steps": 2, "lr": 0.002, "warmup": 1, "minLr": 0.0001, "weightDecay": 0.01, "clipNorm": 1.0,
                   "accumulation": 1, "seed": 11, "checkpointEvery": 2}}
                """);
        Path out = dir.resolve("stride16");
        TrainingRun run = run(second, out);
        assertThat(run.run(false).losses()).allMatch(Double::isFinite);
        assertThat(ModelFolder.read(run.model()).orElseThrow().imageTokens()).isEqualTo("stride16");
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(Device.cpu())) {
            // the tiny recipe's ConvNeXt is 8, 16, 32, 64 wide: stride 16 is its third stage
            assertThat(org.refvlm.core.vision.Projector.read(out.resolve("init/projector.safetensors"), m).visionDim())
                    .isEqualTo(32);
            assertThat(org.refvlm.core.vision.Projector.read(run.model().resolve("projector.safetensors"), m).visionDim())
                    .isEqualTo(32);
        }

        Path frozen = dir.resolve("stride16-stage3.json");
        Files.writeString(frozen, Files.readString(second).replace("\"stage\": 2", "\"stage\": 3")
                .replace("\"decoders\": [],", "\"decoders\": [{\"unit\": \"box\", \"kind\": \"detr\", \"from\": \"model\"}],"));
        assertThatThrownBy(() -> run(frozen, dir.resolve("frozen")).run(false))
                .hasMessageContaining("another map needs a fresh projector, which stage 3 does not train");
    }

    @Test
    void aFollowUpPhaseMayChangeThePipelineForItselfAndThePhasesAfterIt() throws Exception {
        // then[0] re-points the image tokens to ConvNeXt stride 16 and pools visual prompts into one
        // token; then[1] gives no pipeline and must keep then[0]'s, not go back to phase 0's.
        String text = Files.readString(recipe("tiny-two-phases.json"));
        int start = text.indexOf("    {\n      \"stage\": 3");
        int end = text.lastIndexOf("    }\n  ]") + "    }".length();
        String followUp = text.substring(start, end);
        String repointed = followUp.replace("\"stage\": 3,", "\"stage\": 3, \"tuneLanguageModel\": true,"
                + " \"pipeline\": {\"template\": \"<image>\\n{prompt}\\n\", \"pyramidSide\": 64,"
                + " \"imageTokens\": \"stride16\", \"gridSide\": 1},");
        Path three = dir.resolve("three-phases.json");
        Files.writeString(three, text.replace(followUp, repointed + ",\n" + followUp.replace("\"seed\": 12", "\"seed\": 13")));

        Recipe r = Recipe.read(three);
        assertThat(r.phase(0, null).pipeline().imageTokens()).isNull();
        assertThat(r.phase(1, dir).pipeline().imageTokens()).isEqualTo("stride16");
        assertThat(r.phase(2, dir).pipeline().gridSide()).isEqualTo(1);

        TrainingRun run = run(three, dir.resolve("three"));
        assertThat(run.run(false).losses()).allMatch(Double::isFinite);
        ModelFolder phase0 = ModelFolder.read(dir.resolve("three/phase-model")).orElseThrow();
        ModelFolder last = ModelFolder.read(run.model()).orElseThrow();
        assertThat(phase0.imageTokens()).isEqualTo("vit");
        assertThat(last.imageTokens()).isEqualTo("stride16");
        assertThat(last.settings().gridSide()).isEqualTo(1);
    }

    @Test
    void recipeErrorsNameTheProblem() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(recipe("tiny-stage2.json")).replace("\"batchSize\"", "\"batchSise\""));
        assertThatThrownBy(() -> Recipe.read(bad)).hasMessageContaining("unknown field 'batchSise'");
        Files.writeString(bad, Files.readString(dir.resolve("tiny-stage2.json")).replace("\"stage\": 2", "\"stage\": 3"));
        assertThatThrownBy(() -> Recipe.read(bad)).hasMessageContaining("stage 3 attaches decoders to a trained model");
        Files.writeString(bad, Files.readString(dir.resolve("tiny-stage2.json")).replace("\"kind\": \"detr\"", "\"kind\": \"yolo\""));
        assertThatThrownBy(() -> run(bad, dir.resolve("x")).run(false))
                .hasMessageContaining("no decoder bundle of kind 'yolo'");
        Files.writeString(bad, Files.readString(dir.resolve("tiny-stage2.json")).replace("\"trainEncoders\": true,",
                "\"trainEncoders\": true, \"pretrainEncoders\": {\"steps\": 0, \"lr\": 0.001, \"batchSize\": 2, \"seed\": 1},"));
        assertThatThrownBy(() -> Recipe.read(bad)).hasMessageContaining("pretrainEncoders needs steps >= 1");
        Files.writeString(bad, Files.readString(dir.resolve("tiny-stage2.json")).replace("\"normGroups\": 4}",
                "\"normGroups\": 4}, \"startStep\": 6"));
        assertThatThrownBy(() -> Recipe.read(bad)).hasMessageContaining("decoders[1].startStep must be in [0, steps)");
        Files.writeString(bad, Files.readString(dir.resolve("tiny-stage2.json")).replace("\"taskBlock\": false}",
                "\"taskBlock\": false, \"describeScene\": 1.5}"));
        assertThatThrownBy(() -> Recipe.read(bad)).hasMessageContaining("data[0].synthetic.describeScene is a share");
        Files.writeString(bad, Files.readString(recipe("tiny-two-phases.json")).replace("\"stage\": 3", "\"stage\": 1"));
        assertThatThrownBy(() -> Recipe.read(bad)).hasMessageContaining("then[0]: stage 1 trains the projector only");
    }

    private static List<Double> losses(Path metrics) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Double> out = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            JsonNode n = json.readTree(line);
            out.add(n.get("loss").asDouble());
        }
        return out;
    }
}
