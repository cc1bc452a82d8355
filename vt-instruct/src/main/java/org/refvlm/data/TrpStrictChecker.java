package org.refvlm.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an answer against the strict TRP grammar the platform's parser accepts, so that bad data is caught
 * when it is written rather than when a model learns it:
 *
 * <pre>
 * answer    := [taskBlock] body
 * taskBlock := "&lt;Task&gt;" text-without-tags "&lt;/Task&gt;"
 * body      := (text | phrase)*
 * phrase    := "&lt;Phrase&gt;" (text | phrase)* "&lt;/Phrase&gt;" [unitGroup]
 * unitGroup := "(&lt;Unit&gt;" unit (", " unit)* "&lt;/Unit&gt;" ("[" j "]&lt;REF&gt;")+ ")"   j = 0, 1, 2, ... per group
 * unit      := box | mask | keypoint | depth
 * </pre>
 * Text may not contain {@code <} or {@code >}. When a task block is present its lines must agree with the
 * groups found in the body (the reference's "Unit decode (True/False)" form).
 */
public final class TrpStrictChecker {
    private static final String TASK_OPEN = "<Task>";
    private static final String TASK_CLOSE = "</Task>";
    private static final String PHRASE_OPEN = "<Phrase>";
    private static final String PHRASE_CLOSE = "</Phrase>";
    private static final String UNIT_OPEN = "<Unit>";
    private static final String UNIT_CLOSE = "</Unit>";
    private static final String REF = "<REF>";
    private static final Pattern TASK_LINE = Pattern.compile("- Name: (.+) Unit: ([a-z, ]+) Num: (\\d+)");

    private TrpStrictChecker() {
    }

    public static TrpCheck check(String answer) {
        List<String> problems = new ArrayList<>();
        List<TrpGroup> groups = new ArrayList<>();
        if (answer == null || answer.isBlank()) {
            return new TrpCheck(List.of("empty answer"), List.of(), false);
        }
        int pos = 0;
        String taskContent = null;
        if (answer.startsWith(TASK_OPEN)) {
            int end = answer.indexOf(TASK_CLOSE);
            if (end < 0) {
                return new TrpCheck(List.of("<Task> block is not closed"), List.of(), true);
            }
            taskContent = answer.substring(TASK_OPEN.length(), end);
            if (taskContent.indexOf('<') >= 0 || taskContent.indexOf('>') >= 0) {
                problems.add("tag inside the <Task> block");
            }
            pos = end + TASK_CLOSE.length();
        }
        // each open phrase remembers where its text starts, to name it when it closes
        Deque<Integer> open = new ArrayDeque<>();
        while (pos < answer.length()) {
            char c = answer.charAt(pos);
            if (c == '>') {
                problems.add("stray '>' at " + pos);
                pos++;
            } else if (c != '<') {
                pos++;
            } else if (answer.startsWith(PHRASE_OPEN, pos)) {
                pos += PHRASE_OPEN.length();
                open.push(pos);
            } else if (answer.startsWith(PHRASE_CLOSE, pos)) {
                if (open.isEmpty()) {
                    problems.add("</Phrase> without <Phrase> at " + pos);
                    pos += PHRASE_CLOSE.length();
                    continue;
                }
                int start = open.pop();
                String name = plainText(answer.substring(start, pos)).strip();
                if (name.isEmpty()) {
                    problems.add("empty phrase at " + start);
                }
                pos += PHRASE_CLOSE.length();
                if (answer.startsWith("(" + UNIT_OPEN, pos)) {
                    pos = unitGroup(answer, pos, name, groups, problems);
                }
            } else if (answer.startsWith(TASK_OPEN, pos) || answer.startsWith(TASK_CLOSE, pos)) {
                problems.add("<Task> block must open the answer (found a task tag at " + pos + ")");
                pos += answer.startsWith(TASK_OPEN, pos) ? TASK_OPEN.length() : TASK_CLOSE.length();
            } else if (answer.startsWith(UNIT_OPEN, pos) || answer.startsWith(UNIT_CLOSE, pos) || answer.startsWith(REF, pos)) {
                problems.add("unit or <REF> outside a group after </Phrase> at " + pos);
                pos++;
            } else {
                problems.add("unknown tag or '<' in text at " + pos);
                pos++;
            }
        }
        if (!open.isEmpty()) {
            problems.add(open.size() + " <Phrase> not closed");
        }
        if (taskContent != null) {
            checkTaskBlock(taskContent, groups, problems);
        }
        return new TrpCheck(problems, groups, taskContent != null);
    }

    private static int unitGroup(String s, int pos, String name, List<TrpGroup> groups, List<String> problems) {
        int groupStart = pos;
        pos += 1 + UNIT_OPEN.length();
        int close = s.indexOf(UNIT_CLOSE, pos);
        if (close < 0) {
            problems.add("<Unit> not closed at " + groupStart);
            return s.length();
        }
        List<Unit> units = new ArrayList<>();
        String unitText = s.substring(pos, close);
        String[] words = unitText.split(", ", -1);
        for (String w : words) {
            try {
                Unit u = Unit.fromWord(w);
                if (!w.equals(u.word())) {
                    problems.add("unit '" + w + "' not in canonical spelling at " + pos);
                }
                if (units.contains(u)) {
                    problems.add("unit " + w + " repeated at " + pos);
                }
                units.add(u);
            } catch (IllegalArgumentException e) {
                problems.add("unknown unit '" + w + "' at " + pos);
            }
        }
        pos = close + UNIT_CLOSE.length();
        int expected = 0;
        while (pos < s.length() && s.charAt(pos) == '[') {
            int rb = s.indexOf(']', pos);
            if (rb < 0) {
                problems.add("'[' not closed at " + pos);
                return s.length();
            }
            String digits = s.substring(pos + 1, rb);
            if (!digits.matches("\\d{1,6}") || Integer.parseInt(digits) != expected) {
                problems.add("expected [" + expected + "] but found [" + digits + "] at " + pos);
            }
            if (!s.startsWith(REF, rb + 1)) {
                problems.add("[" + digits + "] not followed by <REF> at " + pos);
                pos = rb + 1;
                break;
            }
            pos = rb + 1 + REF.length();
            expected++;
        }
        if (expected == 0) {
            problems.add("unit group without any [j]<REF> at " + groupStart);
        }
        if (pos >= s.length() || s.charAt(pos) != ')') {
            problems.add("unit group not closed by ')' at " + pos);
        } else {
            pos++;
        }
        groups.add(new TrpGroup(name, units, expected));
        return pos;
    }

    private static void checkTaskBlock(String content, List<TrpGroup> groups, List<String> problems) {
        String[] lines = content.strip().split("\n");
        if (lines.length == 1 && lines[0].equals("Unit decode (False).")) {
            if (!groups.isEmpty()) {
                problems.add("task block says no units but the answer has " + groups.size() + " unit groups");
            }
            return;
        }
        if (!lines[0].equals("Unit decode (True). Class name, target unit and number:")) {
            problems.add("task block first line not understood: '" + lines[0] + "'");
            return;
        }
        if (lines.length - 1 != groups.size()) {
            problems.add("task block lists " + (lines.length - 1) + " phrases, answer has " + groups.size());
            return;
        }
        for (int i = 1; i < lines.length; i++) {
            Matcher m = TASK_LINE.matcher(lines[i]);
            TrpGroup g = groups.get(i - 1);
            if (!m.matches()) {
                problems.add("task block line not understood: '" + lines[i] + "'");
            } else if (!m.group(1).equals(g.phrase()) || !m.group(2).equals(TrpAnswerBuilder.unitWords(g.units()))
                    || Integer.parseInt(m.group(3)) != g.refCount()) {
                problems.add("task block line '" + lines[i] + "' does not match phrase '" + g.phrase() + "'");
            }
        }
    }

    /** The text of a phrase with nested tags and unit groups removed, for naming nested phrases. */
    private static String plainText(String inner) {
        return inner.replaceAll("\\(<Unit>.*?</Unit>(\\[\\d+\\]<REF>)*\\)", "").replaceAll("</?Phrase>", "");
    }
}
