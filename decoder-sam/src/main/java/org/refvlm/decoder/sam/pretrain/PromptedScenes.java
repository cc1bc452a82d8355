package org.refvlm.decoder.sam.pretrain;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.refvlm.api.CocoRle;
import org.refvlm.api.RgbImage;
import org.refvlm.data.BinaryMask;
import org.refvlm.data.Box;
import org.refvlm.data.synth.ReferringExpressions;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.SceneGenerator;
import org.refvlm.data.synth.Seeds;
import org.refvlm.data.synth.Split;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.support.MaskGrid;

/**
 * Training batches for SAM the way SAM is trained, from the synthetic world's training split:
 * each scene's objects are prompted by a jittered box of their visible part or by one positive
 * point inside it, and the target is the object's visible mask on SAM's low-resolution grid
 * (each cell's coverage). With phrase prompts, further objects of the scene are prompted by their
 * unique referring expression ({@link PhraseEncoder}). A batch is a pure function of (seed,
 * index), so training resumes exactly.
 */
final class PromptedScenes {

    /** Objects this small (in pixels) are never prompted: a point on them is mostly an edge. */
    private static final int MIN_AREA = 24;

    /** One batch: pictures, prompts in SAM input pixels, and targets on the mask grid. */
    record Batch(List<RgbImage> images, float[] points, float[] boxes, float[] isBox, float[] targets, int prompts,
                 float[] phraseWords, float[] phraseTargets, float[] phraseValid, int phrasePrompts) {
        // points [B, P, 1, 2], boxes [B, P, 4], isBox [B, P], targets [B, P, side * side];
        // phraseWords [B, Q, V] (each phrase's word counts over its length), phraseTargets [B, Q, side * side],
        // phraseValid [B, Q] (0 where the scene has no object to name)
    }

    private final SceneGenerator scenes;
    private final SamPretrainingRecipe recipe;
    private final int inputSide;
    private final int maskSide;
    private final PhraseEncoder phrases;

    /** @param phrases the words' encoder, to look words up in (null without phrase prompts) */
    PromptedScenes(SamPretrainingRecipe recipe, PhraseEncoder phrases) {
        this.recipe = recipe;
        this.phrases = phrases;
        this.scenes = new SceneGenerator(new SceneConfig(recipe.sceneSize(), SceneConfig.DEFAULT.minObjects(),
                SceneConfig.DEFAULT.maxObjects()));
        this.inputSide = recipe.sam().vision().imageSize();
        this.maskSide = recipe.sam().maskSide();
    }

    Batch batch(long seed, long index) {
        int b = recipe.batchSize(), p = recipe.promptsPerImage();
        int cells = maskSide * maskSide;
        List<RgbImage> images = new ArrayList<>(b);
        float[] points = new float[b * p * 2];
        float[] boxes = new float[b * p * 4];
        float[] isBox = new float[b * p];
        float[] targets = new float[b * p * cells];
        int q = recipe.phrasePromptsPerImage();
        int vocabulary = q == 0 ? 0 : phrases.vocabularySize();
        float[] phraseWords = new float[b * q * vocabulary];
        float[] phraseTargets = new float[b * q * cells];
        float[] phraseValid = new float[b * q];
        for (int i = 0; i < b; i++) {
            Scene scene = scenes.generate(Seeds.sceneSeed(seed, Split.TRAIN, index * b + i));
            images.add(scene.picture());
            SplittableRandom random = new SplittableRandom(Seeds.sampleSeed(Seeds.sceneSeed(seed, Split.TRAIN,
                    index * b + i), 7));
            List<Integer> usable = new ArrayList<>();
            for (int o = 0; o < scene.visibleMasks().size(); o++) {
                if (scene.visibleMasks().get(o).area() >= MIN_AREA) {
                    usable.add(o);
                }
            }
            if (usable.isEmpty()) {
                usable.add(0);
            }
            double scale = inputSide / (double) Math.max(scene.width(), scene.height());
            ImageFrame frame = new ImageFrame(scene.width(), scene.height());
            List<CocoRle> rles = scene.rleMasks();
            for (int k = 0; k < p; k++) {
                int at = i * p + k;
                int object = usable.get(k < usable.size() ? k : random.nextInt(usable.size()));
                BinaryMask mask = scene.visibleMasks().get(object);
                Box box = scene.boxes().get(object);
                if (random.nextDouble() < recipe.boxFraction()) {
                    isBox[at] = 1;
                    // SAM's box noise: each coordinate moved by up to a tenth of the box's side, at most 20 px
                    double jx = Math.min(20, 0.1 * box.width()), jy = Math.min(20, 0.1 * box.height());
                    boxes[at * 4] = (float) (clamp(box.x0() + jitter(random, jx), scene.width()) * scale);
                    boxes[at * 4 + 1] = (float) (clamp(box.y0() + jitter(random, jy), scene.height()) * scale);
                    boxes[at * 4 + 2] = (float) (clamp(box.x1() + jitter(random, jx), scene.width()) * scale);
                    boxes[at * 4 + 3] = (float) (clamp(box.y1() + jitter(random, jy), scene.height()) * scale);
                } else {
                    int[] xy = pointInside(mask, random);
                    points[at * 2] = (float) (xy[0] * scale);
                    points[at * 2 + 1] = (float) (xy[1] * scale);
                }
                float[] grid = MaskGrid.coverage(rles.get(object), frame, maskSide, maskSide);
                System.arraycopy(grid, 0, targets, at * cells, cells);
            }
            if (q > 0) {
                List<int[]> named = new ArrayList<>();                       // {object, word indices...}
                for (int o = 0; o < scene.objects().size(); o++) {
                    if (scene.visibleMasks().get(o).area() < MIN_AREA) {
                        continue;
                    }
                    int object = o;
                    ReferringExpressions.unique(scene, o, random).ifPresent(text -> {
                        int[] words = phrases.wordIndices(text);
                        int[] entry = new int[words.length + 1];
                        entry[0] = object;
                        System.arraycopy(words, 0, entry, 1, words.length);
                        named.add(entry);
                    });
                }
                for (int k = 0; k < q && !named.isEmpty(); k++) {
                    int at = i * q + k;
                    int[] entry = named.get(k < named.size() ? k : random.nextInt(named.size()));
                    phraseValid[at] = 1;
                    for (int w = 1; w < entry.length; w++) {
                        phraseWords[at * vocabulary + entry[w]] += 1f / (entry.length - 1);
                    }
                    float[] grid = MaskGrid.coverage(rles.get(entry[0]), frame, maskSide, maskSide);
                    System.arraycopy(grid, 0, phraseTargets, at * cells, cells);
                }
            }
        }
        return new Batch(images, points, boxes, isBox, targets, p, phraseWords, phraseTargets, phraseValid, q);
    }

    private static double jitter(SplittableRandom random, double bound) {
        return (random.nextDouble() * 2 - 1) * bound;
    }

    private static double clamp(double v, int side) {
        return Math.max(0, Math.min(side, v));
    }

    /** A uniformly drawn pixel of the mask. */
    private static int[] pointInside(BinaryMask mask, SplittableRandom random) {
        int n = random.nextInt(Math.max(1, mask.area()));
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                if (mask.get(x, y) && n-- == 0) {
                    return new int[] {x, y};
                }
            }
        }
        return new int[] {mask.width() / 2, mask.height() / 2};
    }
}
