package org.refvlm.decoder.groundingdino.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.refvlm.api.BoxUnit;
import org.refvlm.data.synth.Scene;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.SceneGenerator;
import org.refvlm.data.synth.Seeds;
import org.refvlm.data.synth.Split;
import org.refvlm.spi.TargetGroup;

/**
 * Captioned training batches: a pure function of (seed, index); each phrase group's columns hold
 * exactly its phrase's words and its target is the box of the object the phrase names; captions
 * fit the text length and padding is masked.
 */
class PhraseCaptionsTest {

    private static final SynthVocabulary VOCABULARY = SynthVocabulary.world();

    @Test
    void aBatchIsAPureFunctionOfSeedAndIndex() {
        PhraseCaptions data = new PhraseCaptions(SceneConfig.DEFAULT, VOCABULARY, 4, 16);
        PhraseCaptions.Batch a = data.batch(7, 3);
        PhraseCaptions.Batch b = new PhraseCaptions(SceneConfig.DEFAULT, VOCABULARY, 4, 16).batch(7, 3);
        assertThat(a.ids()).isDeepEqualTo(b.ids());
        assertThat(a.mask()).isDeepEqualTo(b.mask());
        assertThat(a.groups()).hasSameSizeAs(b.groups());
        for (int g = 0; g < a.groups().size(); g++) {
            assertThat(a.groups().get(g).queries()).containsExactly(b.groups().get(g).queries());
            assertThat(a.groups().get(g).targets()).isEqualTo(b.groups().get(g).targets());
        }
        assertThat(java.util.Arrays.deepEquals(data.batch(7, 4).ids(), a.ids())).isFalse();
    }

    @Test
    void eachPhraseGroupHoldsItsWordsAndItsObjectsBox() {
        PhraseCaptions data = new PhraseCaptions(SceneConfig.DEFAULT, VOCABULARY, 1, 12);
        SceneGenerator scenes = new SceneGenerator(SceneConfig.DEFAULT);
        int named = 0;
        for (long seed = 100; seed < 160; seed++) {
            Scene scene = scenes.generate(seed);
            List<PhraseCaptions.Phrase> phrases = PhraseCaptions.phrases(scene, new SplittableRandom(seed));
            PhraseCaptions.Caption caption = data.caption(scene, new SplittableRandom(seed));
            long[] ids = caption.ids();
            assertThat(ids.length).isLessThanOrEqualTo(12);
            assertThat(ids[0]).isEqualTo(VOCABULARY.id(SynthVocabulary.CLS));
            assertThat(ids[ids.length - 1]).isEqualTo(VOCABULARY.id(SynthVocabulary.SEP));
            for (int p = 0; p < caption.objects().size(); p++) {
                int[] columns = caption.columns().get(p);
                int object = caption.objects().get(p);
                StringBuilder words = new StringBuilder();
                for (int c : columns) {
                    words.append(words.length() == 0 ? "" : " ").append(VOCABULARY.token(ids[c]));
                }
                // the same scene and random stream name the same object the same way
                String expected = phrases.stream().filter(x -> x.object() == object).findFirst().orElseThrow().text();
                assertThat(words.toString()).isEqualTo(String.join(" ", SynthVocabulary.words(expected)));
                assertThat(ids[columns[columns.length - 1] + 1]).as("a phrase is closed by '.'")
                        .isEqualTo(VOCABULARY.id("."));
                named++;
            }
        }
        assertThat(named).isGreaterThan(60);

        PhraseCaptions.Batch batch = new PhraseCaptions(SceneConfig.DEFAULT, VOCABULARY, 3, 16).batch(2, 0);
        assertThat(batch.groups()).isNotEmpty();
        for (TargetGroup g : batch.groups()) {
            for (int c : g.queries()) {
                assertThat(batch.mask()[g.batchIndex()][c]).isEqualTo(1);
            }
            // the target is the box of an object the picture shows, in its pixels
            BoxUnit box = (BoxUnit) g.targets().get(0);
            Scene scene = scenes.generate(Seeds.sceneSeed(2, Split.TRAIN, g.batchIndex() * 16L));
            assertThat(scene.boxes()).anySatisfy(b -> assertThat(new double[] {b.x0(), b.y0(), b.x1(), b.y1()})
                    .containsExactly(box.x0(), box.y0(), box.x1(), box.y1()));
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < batch.ids()[i].length; j++) {
                boolean pad = batch.ids()[i][j] == VOCABULARY.id(SynthVocabulary.PAD);
                assertThat(batch.mask()[i][j]).isEqualTo(pad ? 0 : 1);
            }
        }
    }
}
