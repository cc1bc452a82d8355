package org.refvlm.conformance;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.llm.TextTokenizer;

/**
 * {@code hf-tokenizer} fixtures: ids (golden) must match exactly; token strings and the decoded
 * text listed in the manifest are checked too. The difference column counts mismatches.
 */
final class TokenizerFixtureChecker implements FixtureChecker {

    @Override
    public List<CaseResult> run(Path folder, Manifest manifest, Device device) throws Exception {
        List<CaseResult> results = new ArrayList<>();
        try (TextTokenizer tok = TextTokenizer.load(folder.resolve("tokenizer.json"));
             Golden g = new Golden(folder)) {
            for (Manifest.Case c : manifest.cases()) {
                String text = c.raw().path("text").asText();
                long[] expected = g.longs(c.name() + ".out.ids");
                long[] actual = tok.encode(text, true);
                long bad = 0;
                for (int i = 0; i < Math.max(expected.length, actual.length); i++) {
                    if (i >= expected.length || i >= actual.length || expected[i] != actual[i]) {
                        bad++;
                    }
                }
                StringBuilder detail = new StringBuilder(actual.length + " ids");
                if (c.raw().has("tokens")) {
                    List<String> want = new ArrayList<>();
                    c.raw().get("tokens").forEach(t -> want.add(t.asText()));
                    List<String> got = tok.tokens(text, true);
                    if (!want.equals(got)) {
                        bad++;
                        detail.append("; tokens differ: ").append(got);
                    }
                }
                if (c.raw().has("decoded")) {
                    String decoded = tok.decode(actual, false);
                    if (!decoded.equals(c.raw().get("decoded").asText())) {
                        bad++;
                        detail.append("; decoded differs: '").append(decoded).append('\'');
                    }
                }
                results.add(CaseResult.exact(c.name(), bad, detail.toString()));
            }
        }
        return results;
    }
}
