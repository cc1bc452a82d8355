package org.refvlm.data;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrpTest {

    @Test
    void buildsTheDocumentedForm() {
        TrpAnswer a = new TrpAnswerBuilder().withTaskBlock(false)
                .phrase("dog", Unit.BOX, List.of(4, 7)).text(" chasing ").phrase("a ball", Unit.MASK, List.of(2)).build();
        assertThat(a.text()).isEqualTo("<Phrase>dog</Phrase>(<Unit>box</Unit>[0]<REF>[1]<REF>) chasing "
                + "<Phrase>a ball</Phrase>(<Unit>mask</Unit>[0]<REF>)");
        assertThat(a.groups()).hasSize(2);
        assertThat(a.groups().get(0).refs().get(Unit.BOX)).containsExactly(4, 7);
        assertThat(TrpStrictChecker.check(a.text()).ok()).isTrue();
    }

    @Test
    void taskBlockMatchesTheReferenceSpelling() {
        Map<Unit, List<Integer>> refs = new LinkedHashMap<>();
        refs.put(Unit.BOX, List.of(0, 1));
        refs.put(Unit.KEYPOINT, List.of(0, 1));
        TrpAnswer a = new TrpAnswerBuilder().phrase("person", refs).build();
        assertThat(a.text()).isEqualTo("<Task>\nUnit decode (True). Class name, target unit and number:\n"
                + "- Name: person Unit: box, keypoint Num: 2\n</Task>\n"
                + "<Phrase>person</Phrase>(<Unit>box, keypoint</Unit>[0]<REF>[1]<REF>)");
        TrpCheck c = TrpStrictChecker.check(a.text());
        assertThat(c.problems()).isEmpty();
        assertThat(c.groups()).containsExactly(new TrpGroup("person", List.of(Unit.BOX, Unit.KEYPOINT), 2));
        assertThat(new TrpAnswerBuilder().text("the red star").build().text())
                .isEqualTo("<Task>\nUnit decode (False).\n</Task>\nthe red star");
    }

    @Test
    void textCannotForgeTags() {
        TrpAnswer a = new TrpAnswerBuilder().withTaskBlock(false).text("a <b> c (<Unit>box</Unit>[0]<REF>)").build();
        assertThat(TrpStrictChecker.check(a.text()).groups()).isEmpty();
        assertThat(TrpStrictChecker.check(a.text()).ok()).isTrue();
    }

    @Test
    void acceptsNestingAndPlainPhrases() {
        String nested = "<Phrase><Phrase>dog</Phrase>(<Unit>box</Unit>[0]<REF>) in <Phrase>park</Phrase>(<Unit>mask</Unit>[0]<REF>)</Phrase>";
        TrpCheck c = TrpStrictChecker.check(nested);
        assertThat(c.problems()).isEmpty();
        assertThat(c.groups()).extracting(TrpGroup::phrase).containsExactly("dog", "park");
        assertThat(TrpStrictChecker.check("<Phrase>a</Phrase> and text").ok()).isTrue();
    }

    @Test
    void rejectsWhatStrictModeRejects() {
        String[] bad = {
                "",
                "<Phrase>dog</Phrase>(<Unit>box</Unit>[1]<REF>)",                 // indices start at 0
                "<Phrase>dog</Phrase>(<Unit>box</Unit>[0]<REF>[2]<REF>)",         // not contiguous
                "<Phrase>dog</Phrase>(<Unit>box</Unit>)",                         // no REF
                "<Phrase>dog</Phrase>(<Unit>point</Unit>[0]<REF>)",               // unknown unit
                "<Phrase>dog</Phrase>(<Unit>box,mask</Unit>[0]<REF>)",            // separator
                "<Phrase>dog</Phrase>(<Unit>box</Unit>[0]<REF>",                  // unclosed group
                "<Phrase>dog(<Unit>box</Unit>[0]<REF>)",                          // unclosed phrase
                "dog</Phrase>",                                                   // stray close
                "<REF> alone",
                "text <image> text",                                              // unknown tag
                "a <Task>x</Task>",                                               // task block not leading
                "<Task>\nUnit decode (False).\n</Task>\n<Phrase>a</Phrase>(<Unit>box</Unit>[0]<REF>)",
                "<Task>\nUnit decode (True). Class name, target unit and number:\n- Name: a Unit: box Num: 2\n</Task>\n"
                        + "<Phrase>a</Phrase>(<Unit>box</Unit>[0]<REF>)",
                "<Phrase></Phrase>(<Unit>box</Unit>[0]<REF>)",
        };
        for (String s : bad) {
            assertThat(TrpStrictChecker.check(s).ok()).as(s).isFalse();
        }
    }
}
