package org.refvlm.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds TRP answer strings from text pieces and phrase groups. This is the one place that knows how TRP is
 * spelled on the data side, so the platform's serializer can replace it later.
 *
 * <p>Output shape: {@code <Phrase>dog</Phrase>(<Unit>box</Unit>[0]<REF>[1]<REF>)}: indices restart at 0 for
 * every phrase, composite units are joined with {@code ", "}. The optional leading {@code <Task>} block is
 * spelled exactly as the reference implementation trained it (its "VD-CoT" prefix), because that text is
 * model input whose wording matters for compatibility.
 */
public final class TrpAnswerBuilder {
    private final StringBuilder body = new StringBuilder();
    private final List<PhraseGroup> groups = new ArrayList<>();
    private boolean taskBlock = true;

    public TrpAnswerBuilder withTaskBlock(boolean on) {
        this.taskBlock = on;
        return this;
    }

    /** Appends free text; angle brackets are removed so text can never forge a tag. */
    public TrpAnswerBuilder text(String text) {
        body.append(cleanText(text));
        return this;
    }

    /** A phrase with one unit and the target indices of its {@code <REF>}s. */
    public TrpAnswerBuilder phrase(String phrase, Unit unit, List<Integer> targetIndices) {
        return phrase(PhraseGroup.of(cleanText(phrase), unit, targetIndices));
    }

    /** A phrase with a composite unit; every unit must list the same number of targets. */
    public TrpAnswerBuilder phrase(String phrase, Map<Unit, List<Integer>> refsPerUnit) {
        return phrase(new PhraseGroup(cleanText(phrase), List.copyOf(refsPerUnit.keySet()), new LinkedHashMap<>(refsPerUnit)));
    }

    public TrpAnswerBuilder phrase(PhraseGroup group) {
        int k = group.refCount();
        for (List<Integer> l : group.refs().values()) {
            if (l.size() != k) {
                throw new IllegalArgumentException("units of phrase '" + group.phrase() + "' list different target counts");
            }
        }
        if (k == 0) {
            throw new IllegalArgumentException("phrase '" + group.phrase() + "' has no targets");
        }
        String phrase = cleanText(group.phrase()).strip();
        if (phrase.isEmpty()) {
            throw new IllegalArgumentException("empty phrase");
        }
        body.append("<Phrase>").append(phrase).append("</Phrase>(<Unit>");
        body.append(unitWords(group.units())).append("</Unit>");
        for (int j = 0; j < k; j++) {
            body.append('[').append(j).append("]<REF>");
        }
        body.append(')');
        groups.add(new PhraseGroup(phrase, group.units(), group.refs()));
        return this;
    }

    /** A phrase that is only marked, without units (allowed by TRP; used for nesting). */
    public TrpAnswerBuilder plainPhrase(String phrase) {
        body.append("<Phrase>").append(cleanText(phrase)).append("</Phrase>");
        return this;
    }

    public TrpAnswer build() {
        String text = body.toString();
        if (text.isBlank()) {
            throw new IllegalStateException("empty answer");
        }
        return new TrpAnswer(taskBlock ? taskBlock(groups) + text : text, groups);
    }

    /** The reference's VD-CoT block for these groups. */
    public static String taskBlock(List<PhraseGroup> groups) {
        if (groups.isEmpty()) {
            return "<Task>\nUnit decode (False).\n</Task>\n";
        }
        StringBuilder sb = new StringBuilder("<Task>\nUnit decode (True). Class name, target unit and number:\n");
        for (PhraseGroup g : groups) {
            sb.append("- Name: ").append(g.phrase()).append(" Unit: ").append(unitWords(g.units()))
                    .append(" Num: ").append(g.refCount()).append('\n');
        }
        return sb.append("</Task>\n").toString();
    }

    static String unitWords(List<Unit> units) {
        StringBuilder sb = new StringBuilder();
        for (Unit u : units) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(u.word());
        }
        return sb.toString();
    }

    /** Removes characters that would read as TRP syntax inside free text, and folds line breaks. */
    public static String cleanText(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '<' || c == '>') {
                continue;
            }
            sb.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
        }
        return sb.toString();
    }
}
