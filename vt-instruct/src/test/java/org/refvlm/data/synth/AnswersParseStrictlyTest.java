package org.refvlm.data.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.data.Sample;
import org.refvlm.data.Turn;
import org.refvlm.trp.ParseMode;
import org.refvlm.trp.ParseResult;
import org.refvlm.trp.TrpParser;

/**
 * Every answer the synthetic world writes is well-formed TRP for the platform's own parser in
 * strict mode and in the training form, with one reference per target it lists.
 */
class AnswersParseStrictlyTest {

    @Test
    void everyValidationAnswerParsesStrictly() {
        SyntheticDataset dataset = new SyntheticDataset(SynthOptions.of(2000, Split.VAL, 1));
        TrpParser parser = TrpParser.builder().mode(ParseMode.LENIENT).trainingForm().build();
        List<String> problems = new ArrayList<>();
        int answers = 0;
        for (long i = 0; i < 2000; i++) {
            Sample s = dataset.sample(i);
            for (Turn t : s.turns()) {
                answers++;
                ParseResult r = parser.parse(t.answer());
                if (!r.isWellFormed()) {
                    problems.add(s.id() + ": " + r.diagnostics() + " in " + t.answer());
                }
                int listed = t.groups().stream().mapToInt(g -> g.refCount()).sum(); // a composite unit shares its REFs
                if (r.references().size() != listed) {
                    problems.add(s.id() + ": " + r.references().size() + " references, record lists " + listed);
                }
            }
        }
        assertThat(answers).isGreaterThan(2000);
        assertThat(problems).isEmpty();
        TrpParser.builder().trainingForm().build().parse(dataset.sample(0).turns().get(0).answer());
    }
}
