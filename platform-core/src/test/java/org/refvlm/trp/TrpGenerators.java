package org.refvlm.trp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.refvlm.trp.internal.Tag;

/**
 * Random TRP for the property tests: valid trees (every construct, nested), garbled text made of
 * tag fragments, and ways of cutting text into tokens.
 */
final class TrpGenerators {

    private TrpGenerators() {
    }

    /**
     * Pieces of free text. They exercise everything that is markup elsewhere ({@code < > [ ] ( ) ,},
     * digits in brackets, tag prefixes) while staying text wherever a valid tree can put them:
     * no {@code (} is followed by whitespace or the end, so none can open a group.
     */
    private static final String[] TEXT = {
        "a", "dog", "the red car", " ", "  ", ", ", ".", "\n", "\t", "(brown)", "[3]", "[0]", "x < y", "a > b",
        "é", "中文", "</b>", "<image>", "[", "]", ")", "<", "[12", "f(x", "<Phras", "</Uni", "REF>", ",", "runs",
        "<REF", "[007]", "\r\n", "😀",
    };

    private static final String[] UNITS = {
        "box", "mask", "keypoint", "depth", "point", "surface normal", "x-ray_2", "框",
    };

    private static final String[] TASK = {
        "\nUnit decode (True). Class name, target unit and number:\n- Name: dog Unit: box Num: 2\n",
        "\nUnit decode (False).\n", "", "plan: find [0] (then) <stuff>",
    };

    /** Tag strings, pieces of tags and other markup, for garbled text. */
    private static final String[] GARBAGE = {
        "<Phrase>", "</Phrase>", "<Unit>", "</Unit>", "<Task>", "</Task>", "<REF>", "<Phr", "ase>", "</Un", "it>",
        "<RE", "F>", "</", "<", ">", "/", "(", ")", ",", "((", "))", "[", "]", "[0]", "[1]", "[2]", "[007]",
        "[99999999999]", "[-1]", "0", "12", " ", "\n", "dog", "box", "mask", ", ", "é", "<Task", "Unit>", "\r",
    };

    // ------------------------------------------------------------------ valid trees

    static TrpDocument tree(Random random) {
        while (true) {
            TrpBuilder builder = TrpBuilder.document();
            if (random.nextInt(3) == 0) {
                if (random.nextInt(5) == 0) {
                    builder.text(" \n");
                }
                builder.task(pick(random, TASK));
                if (random.nextBoolean()) {
                    builder.text("\n");
                }
            }
            content(builder, random, 0, 3 + random.nextInt(6));
            TrpDocument tree = builder.build();
            if (representable(tree.nodes()) && !endsInsideATag(TrpSerializer.serialize(tree))) {
                return tree;
            }
        }
    }

    /**
     * Whether no text contains a whole tag (which merging adjacent text pieces can produce):
     * such a tree has no TRP text.
     */
    private static boolean representable(List<? extends TrpNode> nodes) {
        for (TrpNode node : nodes) {
            if (node instanceof Text text) {
                for (Tag tag : Tag.values()) {
                    if (text.text().contains(tag.text())) {
                        return false;
                    }
                }
            } else if (!representable(node.children())) {
                return false;
            }
        }
        return true;
    }

    /** Whether the text ends with the start of a tag, which reads as a tag cut off (TRUNCATED). */
    private static boolean endsInsideATag(String text) {
        for (Tag tag : Tag.values()) {
            for (int length = 2; length < tag.length(); length++) {
                if (text.endsWith(tag.text().substring(0, length))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void content(TrpBuilder builder, Random random, int depth, int items) {
        for (int i = 0; i < items; i++) {
            if (random.nextInt(5) < 2) {
                builder.text(pick(random, TEXT));
            } else {
                phrase(builder, random, depth);
                int groundings = random.nextInt(10) < 7 ? 1 + (random.nextInt(6) == 0 ? 1 : 0) : 0;
                for (int g = 0; g < groundings; g++) {
                    if (random.nextInt(4) == 0) {
                        builder.text(random.nextBoolean() ? " " : "\n ");
                    }
                    grounding(builder, random, depth);
                }
            }
        }
    }

    private static void phrase(TrpBuilder builder, Random random, int depth) {
        if (depth < 3 && random.nextInt(4) == 0) {
            builder.phrase(inner -> {
                inner.text(word(random)); // a phrase always has text
                content(inner, random, depth + 1, 1 + random.nextInt(3));
            });
        } else {
            builder.phrase(word(random) + (random.nextInt(3) == 0 ? " " + pick(random, TEXT) : ""));
        }
    }

    private static String word(Random random) {
        String[] words = {"dog", "A man", "a brown horse", "capybaras", "the beach", "x", "中文", "é", "car 2"};
        return pick(random, words);
    }

    private static void grounding(TrpBuilder builder, Random random, int depth) {
        if (random.nextInt(4) == 0) {
            builder.node(unit(random));
        } else {
            builder.node(group(random, depth));
        }
    }

    private static Group group(Random random, int depth) {
        int count = 1 + (random.nextInt(3) == 0 ? random.nextInt(3) : 0);
        List<TrpNode> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add(depth < 3 && random.nextInt(5) == 0 ? group(random, depth + 1) : unit(random));
        }
        return new Group(members, Span.NONE);
    }

    private static UnitDeclaration unit(Random random) {
        int wordCount = random.nextInt(5) == 0 ? 2 + random.nextInt(2) : 1;
        List<String> units = new ArrayList<>();
        while (units.size() < wordCount) {
            String unit = pick(random, UNITS);
            if (!units.contains(unit)) {
                units.add(unit);
            }
        }
        return UnitDeclaration.of(1 + random.nextInt(4), units.toArray(String[]::new));
    }

    // ------------------------------------------------------------------ garbled text

    static String garbled(Random random) {
        StringBuilder out = new StringBuilder();
        int pieces = random.nextInt(80);
        boolean characters = random.nextInt(4) == 0;
        for (int i = 0; i < pieces; i++) {
            if (characters) {
                String alphabet = "<>/[]()PhraseUnitTaskREF0123 ,\n";
                out.append(alphabet.charAt(random.nextInt(alphabet.length())));
            } else {
                out.append(pick(random, GARBAGE));
            }
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ tokens

    /** Cuts {@code text} into tokens the way a tokenizer might, or anywhere at all. */
    static List<String> tokens(String text, Random random) {
        List<String> tokens = new ArrayList<>();
        int style = random.nextInt(3);
        int i = 0;
        while (i < text.length()) {
            int length;
            if (style == 0) { // anywhere, including inside tags
                length = 1 + random.nextInt(6);
            } else if (style == 1) { // one character at a time, or sometimes none
                length = random.nextInt(8) == 0 ? 0 : 1;
            } else { // like an LLM: special tokens whole, words in short pieces
                length = tagLengthAt(text, i);
                if (length == 0) {
                    length = 1 + random.nextInt(4);
                }
            }
            int end = Math.min(text.length(), i + length);
            tokens.add(text.substring(i, end));
            i = end;
        }
        if (random.nextInt(5) == 0) {
            tokens.add("");
        }
        return tokens;
    }

    private static int tagLengthAt(String text, int i) {
        for (Tag tag : Tag.values()) {
            if (text.startsWith(tag.text(), i)) {
                return tag.length();
            }
        }
        return 0;
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }
}
