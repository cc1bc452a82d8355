package org.refvlm.trainer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.api.model.LanguageModel;
import org.refvlm.core.pipeline.DecoderFeatures;
import org.refvlm.core.pipeline.EncoderPictures;
import org.refvlm.core.pipeline.AnswerPositions;
import org.refvlm.core.pipeline.LanguageImageTokens;
import org.refvlm.core.pipeline.PipelineSettings;
import org.refvlm.core.pipeline.PromptAssembler;
import org.refvlm.core.pipeline.PromptRegions;
import org.refvlm.llm.LmInput;
import org.refvlm.llm.RefVlmTokens;
import org.refvlm.spi.DecoderImage;
import org.refvlm.nn.Scalars;
import org.refvlm.trainer.TrainingExample;
import org.refvlm.trainer.TrainingStage;
import org.refvlm.training.MicroBatch;
import org.refvlm.training.StepFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One micro-batch of REF-VLM training by teacher forcing: images through the encoders, image
 * tokens through the projector into each prompt (built exactly as a request builds it), the
 * answer's tokens appended; one forward of the language model gives the next-token loss on the
 * answer and, at every {@code <REF>}, the state the router hands to the decoders with the
 * phrase group's targets. Loss = lmWeight x next-token loss + the decoders' losses.
 */
final class JointStep implements StepFunction<ExampleBatch> {

    private static final Logger LOG = LoggerFactory.getLogger(JointStep.class);

    private final ModelParts parts;
    private final TrainingStage stage;
    private final double lmWeight;
    private final PipelineSettings settings;
    private final TrainingRouter router;
    private final LanguageModel textSide;
    private final long refId;
    private final long eosId;
    private final Map<String, Long> startSteps;
    private final double pictureWordsWeight;
    private final PictureWordsLoss pictureWords;

    /**
     * @param startSteps per unit, the first optimizer step whose REF states reach that unit's decoder
     *                   (units not named start at step 0)
     */
    JointStep(ModelParts parts, TrainingStage stage, double lmWeight, PipelineSettings settings,
            Map<String, Long> startSteps) {
        this(parts, stage, lmWeight, settings, startSteps, 0.0);
    }

    /** @param pictureWordsWeight weight of the {@link PictureWordsLoss} (0: off) */
    JointStep(ModelParts parts, TrainingStage stage, double lmWeight, PipelineSettings settings,
            Map<String, Long> startSteps, double pictureWordsWeight) {
        this.parts = parts;
        this.pictureWordsWeight = pictureWordsWeight;
        this.pictureWords = pictureWordsWeight > 0
                ? new PictureWordsLoss(parts, settings.preprocessing().centred()) : null;
        this.startSteps = Map.copyOf(startSteps);
        this.stage = stage;
        this.lmWeight = lmWeight;
        this.settings = settings;
        this.router = new TrainingRouter(parts.decoders, 0.0);
        this.textSide = new TokenEmbeddings(parts);
        this.refId = parts.tokenizer.tokenId(RefVlmTokens.REF);
        this.eosId = parts.tokenizer.eosId();
    }

    /** One example laid out as a sequence. */
    private record Sequence(NDArray embeddings, int[] labelPositions, long[] labels, List<int[]> refPositions) {
    }

    @Override
    public NDArray loss(MicroBatch<ExampleBatch> micro) {
        NDManager m = micro.manager();
        List<TrainingExample> batch = micro.data().examples();
        int b = batch.size();

        // Images: the ViT's tokens (or a pyramid level, if the model reads one) feed the language
        // model, the pyramid feeds the decoders; both sides come from one copy of the batch's padded
        // squares to the device. The squares before normalising go to the decoders too: one that
        // reads pixels at an encoder's side (the keypoint and depth refiners) then makes no copy of
        // its own.
        boolean decoders = stage.trainsDecoders() && !parts.decoders.units().isEmpty();
        boolean pyramid = parts.pyramid != null && (decoders || settings.imageTokensFromPyramid());
        int vitSide = parts.vit.inputSize().orElse(336);
        int[] sides = pyramid ? new int[] {vitSide, settings.pyramidSide()} : new int[] {vitSide};
        EncoderPictures pictures = EncoderPictures.of(batch.stream().map(this::image).toList(), micro.data().pictures(),
                settings.preprocessing(), m, sides);
        List<NDArray> pixels = pictures.pixels();                                          // [B, 3, s, s] each
        NDArray vitTokens = parts.vit.features(pixels.get(0), m).get(0);                  // [B, N, C]
        Map<String, NDArray> features = DecoderFeatures.of(vitTokens,
                pyramid ? parts.pyramid.features(pixels.get(1), m) : List.of());        // each [B, C, g, g]
        // The map the language model reads gives its image tokens and the grid visual prompts pool,
        // as a request builds them; both go through the one projector.
        NDArray imageTokens = parts.projector.forward(LanguageImageTokens.tokens(vitTokens, features, settings)); // [B, N * k, D]
        NDArray grid = batch.stream().anyMatch(e -> !e.prompts().isEmpty())
                ? LanguageImageTokens.grid(features, settings) : null;                  // [B, C, g, g]
        int promptSide = LanguageImageTokens.promptSide(vitSide, settings);

        List<Sequence> sequences = new ArrayList<>();
        int longest = 0;
        for (int i = 0; i < b; i++) {
            TrainingExample e = batch.get(i);
            List<NDArray> regions = new ArrayList<>();
            if (!e.prompts().isEmpty()) {
                NDArray pooled = PromptRegions.aggregate(e.prompts(), image(e).frame(), promptSide, settings,
                        grid.get(new NDIndex("{}", i)), m);                                  // [Q, Np, C]
                for (int q = 0; q < e.prompts().size(); q++) {
                    regions.add(parts.projector.forward(pooled.get(new NDIndex("{}", q))));   // [Np, D]
                }
            }
            Sequence s = sequence(e, imageTokens.get(new NDIndex("{}", i)), regions, m);
            sequences.add(s);
            longest = Math.max(longest, (int) s.embeddings().getShape().get(0));
        }
        int d = (int) imageTokens.getShape().get(2);
        NDList rows = new NDList();
        long[] mask = new long[b * longest];
        for (int i = 0; i < b; i++) {
            NDArray e = sequences.get(i).embeddings();                                   // [T_i, D]
            int t = (int) e.getShape().get(0);
            rows.add(t == longest ? e : e.concat(m.zeros(new Shape(longest - t, d)), 0));
            java.util.Arrays.fill(mask, i * longest, i * longest + t, 1L);
        }
        NDArray inputs = NDArrays.stack(rows);                                            // [B, T, D]
        // The last-layer states only: the head runs only where the next-token loss needs it (not in stage 3).
        NDArray states = parts.lm.lastHiddenState(new LmInput(null, inputs, m.create(mask, new Shape(b, longest)), null,
                false, false), m);                                                        // [B, T, D]

        // The parts of the loss are read on the host only for the log line, every 25 micro-batches.
        boolean report = micro.global() % 25 == 0;
        NDArray total = null;
        double lmValue = Double.NaN;
        if (stage.hasLanguageLoss() && lmWeight > 0) {
            NDArray lmLoss = nextTokenLoss(states, sequences, longest, m);
            lmValue = report ? lmLoss.getFloat() : Double.NaN;
            total = Scalars.mul(lmLoss, lmWeight);
        }
        double wordsValue = Double.NaN;
        Map<String, String> namedRight = Map.of();
        if (pictureWords != null) {
            PictureWordsLoss.Scored scored = pictureWords.loss(batch, imageTokens, m, report);
            namedRight = scored.namedRight();
            NDArray wordsLoss = scored.loss();
            if (wordsLoss != null) {
                wordsValue = report ? wordsLoss.getFloat() : Double.NaN;
                NDArray weighted = Scalars.mul(wordsLoss, pictureWordsWeight);
                total = total == null ? weighted : total.add(weighted);
            }
        }
        Map<String, Double> decoderValues = new LinkedHashMap<>();
        if (decoders) {
            List<TrainingRouter.Sample> samples = new ArrayList<>();
            for (int i = 0; i < b; i++) {
                samples.add(routed(batch.get(i), sequences.get(i), states.get(new NDIndex("{}", i)),
                        micro.step()));
            }
            for (TrainingRouter.DecoderLoss l : router.losses(samples, features, pictures.squares(), m)) {
                if (report) {
                    decoderValues.put(l.decoder(), l.hadTargets() ? (double) l.loss().getFloat() : 0.0);
                }
                total = total == null ? l.loss() : total.add(l.loss());
            }
        }
        if (total == null) {
            throw new IllegalStateException("stage " + stage.number() + " with these settings has no loss to train");
        }
        if (report) {
            if (pictureWords != null) {
                LOG.info("micro-batch {}: next-token loss {}, picture-words loss {} (named right, in group / whole "
                        + "vocabulary: {}), decoder losses {}", micro.global(), lmValue, wordsValue, namedRight, decoderValues);
            } else {
                LOG.info("micro-batch {}: next-token loss {}, decoder losses {}", micro.global(), lmValue, decoderValues);
            }
        }
        return total;
    }

    /** The prompt as a request builds it, then the answer and the end-of-sequence token. */
    private Sequence sequence(TrainingExample e, NDArray imageTokens, List<NDArray> regions, NDManager m) {
        String prompt = settings.promptText(e.prompt(), e.task());
        NDArray promptEmbeddings;
        try {
            promptEmbeddings = new PromptAssembler(textSide).assemble(prompt, settings.preprocessing().bos(),
                    imageTokens, regions, m);                                                // [Tp, D]
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException("example " + e.id() + ": " + bad.getMessage(), bad);
        }
        long[] answer = parts.tokenizer.encode(e.answer(), false);
        int tp = (int) promptEmbeddings.getShape().get(0);
        List<Integer> groupSizes = e.groups().stream().map(TrainingExample.Group::references).toList();
        Layout layout = layout(e.id(), tp, answer, eosId, refId, groupSizes);
        NDArray answerEmbeddings = parts.lm.embed(m.create(layout.labels()).expandDims(0), m).get(0); // [Ta, D]
        return new Sequence(promptEmbeddings.concat(answerEmbeddings, 0), layout.labelPositions(), layout.labels(),
                layout.refPositions());
    }

    /** Where a sequence's labels are read and its REF states taken; see {@link AnswerPositions}. */
    record Layout(int[] labelPositions, long[] labels, List<int[]> refPositions) {
    }

    /**
     * The answer's tokens and the end token are labels, each at the position that predicts it; each
     * group's REFs, in answer order, are read at the positions where they are the input, as
     * inference reads them.
     */
    static Layout layout(String id, int promptLength, long[] answer, long eosId, long refId, List<Integer> groupSizes) {
        long[] ids = java.util.Arrays.copyOf(answer, answer.length + 1);
        ids[answer.length] = eosId;
        int[] positions = new int[ids.length];
        for (int j = 0; j < ids.length; j++) {
            positions[j] = AnswerPositions.predicting(promptLength, j);
        }
        List<Integer> refAt = new ArrayList<>();
        for (int j = 0; j < answer.length; j++) {
            if (answer[j] == refId) {
                refAt.add(AnswerPositions.input(promptLength, j));
            }
        }
        int declared = groupSizes.stream().mapToInt(Integer::intValue).sum();
        if (refAt.size() != declared) {
            throw new IllegalStateException("example " + id + ": the answer has " + refAt.size() + " " + RefVlmTokens.REF
                    + " tokens but its groups declare " + declared);
        }
        List<int[]> refs = new ArrayList<>();
        int next = 0;
        for (int size : groupSizes) {
            int[] p = new int[size];
            for (int k = 0; k < p.length; k++) {
                p[k] = refAt.get(next++);
            }
            refs.add(p);
        }
        return new Layout(positions, ids, refs);
    }

    /**
     * Mean cross-entropy over every answer token (and the end token) of the batch. Only the label
     * rows of the logits are normalised: with a word vocabulary most positions are prompt. (The
     * head still scores every position: scoring only the label rows does a fifth of the work but
     * rounds differently, and measured no faster.)
     *
     * @param states [B, T, D] last-layer states
     */
    private NDArray nextTokenLoss(NDArray states, List<Sequence> sequences, int longest, NDManager m) {
        int b = sequences.size();
        boolean[] rows = new boolean[b * longest];
        int count = 0;
        for (int i = 0; i < b; i++) {
            for (int p : sequences.get(i).labelPositions()) {
                rows[i * longest + p] = true;
                count++;
            }
        }
        NDArray all = parts.lm.logits(states);                                             // [B, T, V]
        NDArray logits = all.reshape(b * longest, all.getShape().get(2)).get(m.create(rows)); // [K, V]
        int v = (int) logits.getShape().get(1);
        // Selected rows come in increasing flat index: sample by sample, position by position.
        // The 1/count scale rides in the one-hot weights, so no scalar op sits on the gradient path.
        float[] weights = new float[count * v];
        float w = 1f / count;
        int k = 0;
        for (Sequence s : sequences) {
            for (long label : s.labels()) {
                weights[k++ * v + (int) label] = w;
            }
        }
        return logits.logSoftmax(-1).mul(m.create(weights, new Shape(count, v))).sum().neg();
    }

    private TrainingRouter.Sample routed(TrainingExample e, Sequence s, NDArray states, long step) {
        List<TrainingRouter.RoutedGroup> groups = new ArrayList<>();
        for (int g = 0; g < e.groups().size(); g++) {
            TrainingExample.Group group = e.groups().get(g);
            // a composite unit ("box, keypoint") hands the same REF states to each of its decoders
            for (Map.Entry<String, List<org.refvlm.api.DecodedUnit>> t : group.targets().entrySet()) {
                if (step < startSteps.getOrDefault(t.getKey(), 0L)) {
                    continue;  // that unit's decoder has not joined the run yet
                }
                groups.add(new TrainingRouter.RoutedGroup(List.of(t.getKey()), s.refPositions().get(g), t.getValue()));
            }
        }
        return new TrainingRouter.Sample(groups, states, image(e));
    }

    /** The example's picture, placed in its square as the run's preprocessing says. */
    private DecoderImage image(TrainingExample e) {
        return new DecoderImage(e.image(), settings.preprocessing().centred());
    }

}
