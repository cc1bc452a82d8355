package org.refvlm.decoder.groundingdino.pretrain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.refvlm.api.BoxUnit;
import org.refvlm.data.Box;
import org.refvlm.data.synth.ReferringExpressions;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.SceneGenerator;
import org.refvlm.data.synth.Seeds;
import org.refvlm.data.synth.Split;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.TargetGroup;

/**
 * Text-prompt training batches from the synthetic world's training split, as Grounding DINO is
 * trained on grounding data: each scene's caption lists phrases that each name one of its objects
 * ("red circle . leftmost small star ."), each phrase the world's own referring expression for
 * that object without its article, in random order, as many as fit the text length. The target of
 * a phrase is its object's box, positive on the phrase's word columns (not on the "." that closes
 * it); objects no phrase names are in the picture and must not light up any column. A batch is a
 * pure function of (seed, index), so training resumes exactly.
 */
final class PhraseCaptions {

    /** Scenes drawn for one picture before giving up on finding a nameable object (never reached in practice). */
    private static final int ATTEMPTS = 16;

    /** One object named by a phrase. */
    record Phrase(int object, String text) {
    }

    /**
     * One scene's caption: [CLS] phrase . phrase . [SEP] as ids, and per phrase its word columns
     * and object.
     */
    record Caption(long[] ids, List<int[]> columns, List<Integer> objects) {
    }

    /**
     * @param images  the pictures
     * @param ids     [B][T] token ids, padded with [PAD]
     * @param mask    [B][T] 1 for real tokens
     * @param groups  per phrase: its picture, its columns (as the group's queries) and its object's box
     */
    record Batch(List<DecoderImage> images, long[][] ids, long[][] mask, List<TargetGroup> groups) {
    }

    private final SceneGenerator scenes;
    private final SynthVocabulary vocabulary;
    private final int batchSize;
    private final int maxTokens;

    PhraseCaptions(SceneConfig world, SynthVocabulary vocabulary, int batchSize, int maxTokens) {
        if (maxTokens < 4) {
            throw new IllegalArgumentException("a caption needs at least 4 tokens ([CLS], a word, '.', [SEP]); got "
                    + maxTokens);
        }
        this.scenes = new SceneGenerator(world);
        this.vocabulary = vocabulary;
        this.batchSize = batchSize;
        this.maxTokens = maxTokens;
    }

    /** Every object the world can name uniquely, with its referring expression minus "the". */
    static List<Phrase> phrases(Scene scene, SplittableRandom random) {
        List<Phrase> out = new ArrayList<>();
        for (int o = 0; o < scene.objects().size(); o++) {
            int object = o;
            ReferringExpressions.unique(scene, o, random)
                    .ifPresent(text -> out.add(new Phrase(object, text.startsWith("the ") ? text.substring(4) : text)));
        }
        return out;
    }

    /** The caption of {@code scene}: its phrases shuffled, as many as fit {@code maxTokens}. */
    Caption caption(Scene scene, SplittableRandom random) {
        List<Phrase> phrases = phrases(scene, random);
        Collections.shuffle(phrases, new java.util.Random(random.nextLong()));
        List<Long> ids = new ArrayList<>();
        ids.add(vocabulary.id(SynthVocabulary.CLS));
        List<int[]> columns = new ArrayList<>();
        List<Integer> objects = new ArrayList<>();
        for (Phrase phrase : phrases) {
            long[] words = vocabulary.wordIds(phrase.text());
            if (ids.size() + words.length + 2 > maxTokens) {      // its words, its ".", and [SEP] at the end
                continue;
            }
            int[] at = new int[words.length];
            for (int w = 0; w < words.length; w++) {
                at[w] = ids.size();
                ids.add(words[w]);
            }
            ids.add(vocabulary.id("."));
            columns.add(at);
            objects.add(phrase.object());
        }
        ids.add(vocabulary.id(SynthVocabulary.SEP));
        return new Caption(ids.stream().mapToLong(Long::longValue).toArray(), columns, objects);
    }

    Batch batch(long seed, long index) {
        List<DecoderImage> images = new ArrayList<>(batchSize);
        List<Caption> captions = new ArrayList<>(batchSize);
        List<Scene> drawn = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            for (int attempt = 0; ; attempt++) {
                long sceneSeed = Seeds.sceneSeed(seed, Split.TRAIN, (index * batchSize + i) * ATTEMPTS + attempt);
                Scene scene = scenes.generate(sceneSeed);
                Caption caption = caption(scene, random(sceneSeed));
                if (!caption.objects().isEmpty() || attempt == ATTEMPTS - 1) {
                    drawn.add(scene);
                    captions.add(caption);
                    images.add(new DecoderImage(scene.picture()));
                    break;
                }
            }
        }
        int t = captions.stream().mapToInt(c -> c.ids().length).max().orElse(0);
        long[][] ids = new long[batchSize][t];
        long[][] mask = new long[batchSize][t];
        List<TargetGroup> groups = new ArrayList<>();
        long pad = vocabulary.id(SynthVocabulary.PAD);
        for (int i = 0; i < batchSize; i++) {
            Caption c = captions.get(i);
            for (int j = 0; j < t; j++) {
                ids[i][j] = j < c.ids().length ? c.ids()[j] : pad;
                mask[i][j] = j < c.ids().length ? 1 : 0;
            }
            for (int p = 0; p < c.objects().size(); p++) {
                Box box = drawn.get(i).boxes().get(c.objects().get(p));
                groups.add(new TargetGroup(i, c.columns().get(p),
                        List.of(new BoxUnit(box.x0(), box.y0(), box.x1(), box.y1(), 1.0))));
            }
        }
        return new Batch(images, ids, mask, groups);
    }

    private static SplittableRandom random(long sceneSeed) {
        return new SplittableRandom(Seeds.sampleSeed(sceneSeed, 11));
    }
}
