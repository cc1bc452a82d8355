package org.refvlm.trp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrpJsonWriterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void writesTreeReferencesPlainTextAndDiagnostics() throws Exception {
        TrpStreamParser stream = TrpParser.lenient().stream(TrpListener.NONE);
        List<String> tokens = List.of("<Phrase>", "dogs", "</Phrase>", "(", "<Unit>", "box", "</Unit>",
                "[0]", "<REF>", "[2]", "<REF>", ")");
        for (int i = 0; i < tokens.size(); i++) {
            stream.feed(tokens.get(i), i);
        }
        JsonNode json = MAPPER.readTree(TrpJsonWriter.compact().toJson(stream.finish()));

        assertThat(json.get("wellFormed").booleanValue()).isFalse();
        JsonNode phrase = json.get("nodes").get(0);
        assertThat(phrase.get("type").textValue()).isEqualTo("phrase");
        assertThat(phrase.get("text").textValue()).isEqualTo("dogs");
        assertThat(phrase.get("span").toString()).isEqualTo("[0,21]");
        JsonNode unit = json.get("nodes").get(1).get("members").get(0);
        assertThat(unit.get("type").textValue()).isEqualTo("unit");
        assertThat(unit.get("units").toString()).isEqualTo("[\"box\"]");
        assertThat(unit.get("references").get(1).get("index").intValue()).isEqualTo(2);
        assertThat(unit.get("references").get(1).get("tokenPosition").intValue()).isEqualTo(10);

        JsonNode ref = json.get("references").get(0);
        assertThat(ref.get("phrase").textValue()).isEqualTo("dogs");
        assertThat(ref.get("phrasePath").toString()).isEqualTo("[0]");
        assertThat(ref.get("tokenPosition").intValue()).isEqualTo(8);
        assertThat(ref.get("unitOrdinal").intValue()).isZero();

        assertThat(json.get("plainText").get("text").textValue()).isEqualTo("dogs");
        JsonNode problem = json.get("diagnostics").get(0);
        assertThat(problem.get("code").textValue()).isEqualTo("INDEX_GAP");
        assertThat(problem.get("line").intValue()).isEqualTo(1);
        assertThat(problem.get("column").intValue()).isEqualTo(47);
    }

    @Test
    void wholeTextReferencesHaveNoTokenPosition() throws Exception {
        JsonNode json = MAPPER.readTree(TrpJsonWriter.pretty().toJson(
                TrpParser.lenient().parse("[0]<REF> <Task>x</Task>")));
        assertThat(json.get("references").get(0).get("tokenPosition").isNull()).isTrue();
        assertThat(json.get("references").get(0).get("unitOrdinal").isNull()).isTrue();
        assertThat(json.get("nodes").get(2).get("type").textValue()).isEqualTo("task");
    }

    @Test
    void deepestAcceptedNestingIsWritable() throws Exception {
        String text = "<Phrase>".repeat(200) + "x" + "</Phrase>".repeat(200);
        JsonNode json = MAPPER.readTree(TrpJsonWriter.compact().toJson(TrpParser.lenient().parse(text)));
        assertThat(json.get("plainText").get("phrases").size()).isEqualTo(128);
    }
}
