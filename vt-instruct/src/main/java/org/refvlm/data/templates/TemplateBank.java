package org.refvlm.data.templates;

import org.refvlm.data.Placeholders;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The user-prompt phrasings for one task: a name, the placeholders every phrasing uses, and the phrasings.
 * {@code <image>} and {@code <region>} occur exactly once in each phrasing (they stand for model inputs);
 * the text placeholders occur at least once and may repeat.
 */
public record TemplateBank(String name, List<String> placeholders, List<String> templates) {
    public TemplateBank {
        Objects.requireNonNull(name, "name");
        placeholders = List.copyOf(placeholders);
        templates = List.copyOf(templates);
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("template bank " + name + " is empty");
        }
        for (String t : templates) {
            String problem = problem(t, placeholders);
            if (problem != null) {
                throw new IllegalArgumentException("template bank " + name + ": " + problem + " in '" + t + "'");
            }
        }
    }

    /** Uniform seeded choice. */
    public String pick(RandomGenerator random) {
        return templates.get(random.nextInt(templates.size()));
    }

    /** Picks a phrasing and fills its text placeholders; {@code <image>} and {@code <region>} stay. */
    public String pickAndFill(RandomGenerator random, Map<String, String> values) {
        return fill(pick(random), values);
    }

    /** Replaces each placeholder named in values; fails if a text placeholder of the template is left unfilled. */
    public static String fill(String template, Map<String, String> values) {
        String out = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        for (String p : Placeholders.ALL) {
            if (!Placeholders.STORED.contains(p) && out.contains(p)) {
                throw new IllegalArgumentException("placeholder " + p + " not filled in '" + template + "'");
            }
        }
        return out;
    }

    /**
     * The same user text without {@code <image>}, for the later turns of a multi-turn sample: a leading
     * {@code <image>} is dropped, "the picture <image>" becomes "the picture", and any other mention becomes
     * "the image" so that the sentence still reads.
     */
    public static String withoutImage(String text) {
        String t = text.replaceAll("(?i)\\b(the|this) (picture|image|photo)\\s*:?\\s*<image>", "$1 $2");
        t = t.replaceAll("(?i)\\b(image|picture)\\s*:\\s*<image>", "$1");
        if (t.startsWith(Placeholders.IMAGE)) {
            t = t.substring(Placeholders.IMAGE.length());
        }
        t = t.replace(Placeholders.IMAGE, "the image");
        return t.replaceAll("\\s{2,}", " ").replaceAll("\\s+([.,;:?!])", "$1").strip();
    }

    private static String problem(String t, List<String> declared) {
        for (String p : Placeholders.ALL) {
            int n = Placeholders.occurrences(t, p);
            boolean exactlyOnce = p.equals(Placeholders.IMAGE) || p.equals(Placeholders.REGION);
            if (declared.contains(p) && (exactlyOnce ? n != 1 : n < 1)) {
                return p + " occurs " + n + " times";
            }
            if (!declared.contains(p) && n > 0) {
                return "undeclared placeholder " + p;
            }
        }
        return null;
    }
}
