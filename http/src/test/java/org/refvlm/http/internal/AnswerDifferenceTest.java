package org.refvlm.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** How serve-bench tells a batched answer from the one-by-one one: texts and masks exactly, numbers to 0.01. */
class AnswerDifferenceTest {

    private static JsonNode json(String text) throws Exception {
        return JsonReplies.JSON.readTree(text.replace('\'', '"'));
    }

    private static final String ANSWER = "{'text':'<Phrase>a</Phrase>','objects':[{'box':[74.235,90.6244,120,130],"
            + "'score':0.6,'mask':{'counts':'jl`02k'}}]}";

    @Test
    void numbersWithinAHundredthOfAPixelAreTheSameAnswer() throws Exception {
        assertThat(ServeBenchCommand.difference(json(ANSWER), json(ANSWER), "")).isNull();
        assertThat(ServeBenchCommand.difference(json(ANSWER), json(ANSWER.replace("90.6244", "90.6246")), "")).isNull();
    }

    @Test
    void theFirstDifferenceIsNamedByItsPath() throws Exception {
        assertThat(ServeBenchCommand.difference(json(ANSWER), json(ANSWER.replace("90.6244", "90.7")), ""))
                .isEqualTo(".objects[0].box[1]: 90.6244 vs 90.7");
        assertThat(ServeBenchCommand.difference(json(ANSWER), json(ANSWER.replace("jl`02k", "jl`02j")), ""))
                .isEqualTo(".objects[0].mask.counts: \"jl`02k\" vs \"jl`02j\"");
        assertThat(ServeBenchCommand.difference(json(ANSWER), json(ANSWER.replace("'score':0.6,", "")), ""))
                .startsWith(".objects[0]");
        assertThat(ServeBenchCommand.difference(json(ANSWER), json(ANSWER.replace("<Phrase>a", "<Phrase>b")), ""))
                .startsWith(".text: ");
    }
}
