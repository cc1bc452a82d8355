package org.refvlm.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded fuzzing of recipe reading (issue 23, item 9), from the default model's own recipe:
 * flipped characters, cut JSON, wrong types, negative and huge numbers, unknown fields. Each must
 * read or fail with an IllegalArgumentException that starts with the file's path; nothing else
 * may escape. The number of inputs tried is printed to the test output.
 */
class RecipeFuzzTest {

    private static final int INPUTS = 3000;

    @TempDir
    Path dir;

    @Test
    void malformedRecipesFailWithTheFileNamed() throws Exception {
        String recipe = Files.readString(Path.of("..", "models", "shapes-tiny", "recipe.json"), StandardCharsets.UTF_8);
        Random random = new Random(20261203);
        List<String> escaped = new ArrayList<>();
        int tried = 0;
        for (int i = 0; i < INPUTS; i++) {
            Path f = dir.resolve("fuzz-" + i + ".json");
            Files.writeString(f, mutate(recipe, random), StandardCharsets.UTF_8);
            try {
                Recipe.read(f);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() == null || !e.getMessage().contains(f.toString())) {
                    escaped.add("input " + i + ": message without the file: " + e.getMessage());
                }
            } catch (IOException | RuntimeException | Error e) {
                escaped.add("input " + i + ": " + e);
            }
            Files.delete(f);
            tried++;
        }
        System.out.println("fuzz: recipe reader: " + tried + " inputs tried, " + escaped.size() + " escaped");
        assertThat(escaped).isEmpty();
    }

    private static String mutate(String json, Random random) {
        String[] values = {"-1", "0", "1e309", "-1e309", "99999999999999999999", "null", "true", "\"\"", "[]", "{}",
            "\"x\"", "0.5", "2147483648"};
        return switch (random.nextInt(5)) {
            case 0 -> json.substring(0, random.nextInt(json.length()));
            case 1 -> {
                char[] c = json.toCharArray();
                for (int k = 0; k < 1 + random.nextInt(3); k++) {
                    c[random.nextInt(c.length)] = "{}[]\":,0a-".charAt(random.nextInt(10));
                }
                yield new String(c);
            }
            case 2, 3 -> {
                // one value, picked among all, replaced
                List<int[]> spans = new ArrayList<>();
                java.util.regex.Matcher m = java.util.regex.Pattern
                        .compile(":\\s*(-?[0-9.eE+]+|\"[^\"]*\"|true|false|null)").matcher(json);
                while (m.find()) {
                    spans.add(new int[] {m.start(1), m.end(1)});
                }
                int[] s = spans.get(random.nextInt(spans.size()));
                yield json.substring(0, s[0]) + values[random.nextInt(values.length)] + json.substring(s[1]);
            }
            default -> json.replaceFirst("\"[a-zA-Z]+\"\\s*:", "\"unknownField\":");
        };
    }
}
