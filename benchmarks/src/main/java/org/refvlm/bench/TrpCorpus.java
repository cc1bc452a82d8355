package org.refvlm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A reproducible corpus of model answers in TRP, shaped like the reference implementation's
 * training targets (REC, RES, grounded captions with boxes and masks, detection lists, VQA,
 * keypoints, each after its reasoning block) plus the forms the paper promises (nested phrases,
 * composite units, the grouped form of its Figure 1(c)). ASCII only, so characters are bytes.
 */
public final class TrpCorpus {

    private static final String[] NOUNS = {
        "man", "woman", "dog", "horse", "zebra", "bride", "giant illuminated heart", "red car", "capybaras",
        "person", "bicycle", "traffic light", "umbrella", "the beach", "a wooden table", "two young guys",
        "shaggy hair", "the camera", "a brown horse", "kite", "surfboard", "the left zebra", "bench", "tree",
    };
    private static final String[] VERBS = {
        " is riding ", " stands next to ", " looks at ", " walks along ", " holds ", " sits on ", " and ",
        " behind ", " in front of ", " near ",
    };
    private static final String[] UNITS = {"box", "mask"};

    private TrpCorpus() {
    }

    /** Answers totalling at least {@code characters} characters. */
    public static List<String> answers(int characters, long seed) {
        Random random = new Random(seed);
        List<String> answers = new ArrayList<>();
        int total = 0;
        while (total < characters) {
            String answer = answer(random);
            answers.add(answer);
            total += answer.length();
        }
        return answers;
    }

    private static String answer(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> referring(random, "box");
            case 1 -> referring(random, "mask");
            case 2, 3 -> groundedCaption(random, UNITS[random.nextInt(2)]);
            case 4 -> detection(random);
            case 5 -> "<Task>\nUnit decode (False).\n</Task>\nThe answer is " + (random.nextBoolean() ? "yes." : "no.");
            case 6 -> keypoints(random);
            case 7 -> nested(random);
            case 8 -> figure1c(random);
            default -> groundedCaption(random, "box");
        };
    }

    private static String noun(Random random) {
        return NOUNS[random.nextInt(NOUNS.length)];
    }

    private static String refs(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append('[').append(i).append("]<REF>");
        }
        return out.toString();
    }

    private static String grounding(String unit, int count) {
        return "(<Unit>" + unit + "</Unit>" + refs(count) + ")";
    }

    private static String task(List<String> names, String unit, List<Integer> counts) {
        StringBuilder out = new StringBuilder("<Task>\nUnit decode (True). Class name, target unit and number:\n");
        for (int i = 0; i < names.size(); i++) {
            out.append("- Name: ").append(names.get(i)).append(" Unit: ").append(unit).append(" Num: ")
                    .append(counts.get(i)).append('\n');
        }
        return out.append("</Task>\n").toString();
    }

    private static String referring(Random random, String unit) {
        return task(List.of("target"), unit, List.of(1)) + "<Phrase>target</Phrase>" + grounding(unit, 1) + ".";
    }

    private static String groundedCaption(Random random, String unit) {
        int phrases = 2 + random.nextInt(5);
        List<String> names = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < phrases; i++) {
            String name = noun(random);
            int count = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
            names.add(name);
            counts.add(count);
            String phrase = i == 0 ? Character.toUpperCase(name.charAt(0)) + name.substring(1) : name;
            body.append("<Phrase>").append(phrase).append("</Phrase>").append(grounding(unit, count));
            body.append(i + 1 < phrases ? VERBS[random.nextInt(VERBS.length)] : ".");
        }
        return task(names, unit, counts) + body;
    }

    private static String detection(Random random) {
        int classes = 1 + random.nextInt(6);
        String unit = UNITS[random.nextInt(2)];
        List<String> names = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < classes; i++) {
            String name = noun(random);
            int count = 1 + random.nextInt(5);
            names.add(name);
            counts.add(count);
            if (i > 0) {
                body.append(", ");
            }
            body.append("<Phrase>").append(name).append("</Phrase>").append(grounding(unit, count));
        }
        return task(names, unit, counts) + body;
    }

    private static String keypoints(Random random) {
        int count = 1 + random.nextInt(4);
        return task(List.of("person"), "box", List.of(count)) + "<Phrase>person</Phrase>"
                + "(<Unit>box, keypoint</Unit>" + refs(count) + ")";
    }

    private static String nested(Random random) {
        String a = noun(random);
        String b = noun(random);
        return task(List.of(a + " in " + b), "box", List.of(1)) + "<Phrase><Phrase>" + a + "</Phrase>"
                + grounding("box", 1) + " in <Phrase>" + b + "</Phrase>" + grounding("mask", 1) + "</Phrase>"
                + grounding("box", 1) + " is what I see.";
    }

    private static String figure1c(Random random) {
        int count = 2 + random.nextInt(3);
        String name = noun(random);
        return task(List.of(name), "box", List.of(count + 1)) + "There are <Phrase>" + name + "</Phrase> (("
                + "<Unit>box</Unit>" + refs(count) + "),<Unit> box</Unit>[0]<REF>) in the picture.";
    }

    /**
     * Cuts an answer into tokens roughly as a LLaMA tokenizer would: special tokens whole, a
     * space starting the next word piece, words in pieces of up to four characters.
     */
    public static List<String> tokens(String answer) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < answer.length()) {
            int special = specialTokenAt(answer, i);
            if (special > 0) {
                tokens.add(answer.substring(i, i + special));
                i += special;
                continue;
            }
            int end = i + 1;
            while (end < answer.length() && end - i < 4 && specialTokenAt(answer, end) == 0
                    && Character.isLetterOrDigit(answer.charAt(end)) == Character.isLetterOrDigit(answer.charAt(end - 1))) {
                end++;
            }
            tokens.add(answer.substring(i, end));
            i = end;
        }
        return tokens;
    }

    private static final String[] SPECIAL = {"<Phrase>", "</Phrase>", "<Unit>", "</Unit>", "<Task>", "</Task>", "<REF>"};

    private static int specialTokenAt(String text, int i) {
        if (text.charAt(i) != '<') {
            return 0;
        }
        for (String special : SPECIAL) {
            if (text.startsWith(special, i)) {
                return special.length();
            }
        }
        return 0;
    }
}
