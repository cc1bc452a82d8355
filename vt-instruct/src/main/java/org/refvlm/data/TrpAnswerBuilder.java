package org.refvlm.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.trp.DecodingPlan;
import org.refvlm.trp.TrpBuilder;
import org.refvlm.trp.TrpDocument;
import org.refvlm.trp.TrpNode;
import org.refvlm.trp.TrpSerializer;

/**
 * Builds TRP answers from text pieces and phrase groups, keeping next to the text which targets each
 * {@code <REF>} stands for. The spelling is the platform's: the tree is made with {@link TrpBuilder} and written
 * by {@link TrpSerializer}, the optional leading {@code <Task>} block is the {@link DecodingPlan} of the groups.
 *
 * <p>Output shape: {@code <Phrase>dog</Phrase>(<Unit>box</Unit>[0]<REF>[1]<REF>)}: indices restart at 0 for
 * every phrase, composite units are joined with {@code ", "}. The task block is spelled exactly as the reference
 * implementation trained it (its "VD-CoT" prefix), because that text is model input whose wording matters for
 * compatibility; a line break separates it from the answer.
 */
public final class TrpAnswerBuilder {
    private final TrpBuilder body = TrpBuilder.document();
    private final List<PhraseGroup> groups = new ArrayList<>();
    private boolean taskBlock = true;
    private boolean empty = true;

    public TrpAnswerBuilder withTaskBlock(boolean on) {
        this.taskBlock = on;
        return this;
    }

    /** Appends free text; angle brackets are removed so text can never forge a tag. */
    public TrpAnswerBuilder text(String text) {
        String clean = cleanText(text);
        body.text(clean);
        empty &= clean.isBlank();
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
        body.grounded(phrase, k, group.units().stream().map(Unit::word).toArray(String[]::new));
        groups.add(new PhraseGroup(phrase, group.units(), group.refs()));
        empty = false;
        return this;
    }

    /** A phrase that is only marked, without units (allowed by TRP; used for nesting). */
    public TrpAnswerBuilder plainPhrase(String phrase) {
        body.phrase(cleanText(phrase));
        empty = false;
        return this;
    }

    public TrpAnswer build() {
        if (empty) {
            throw new IllegalStateException("empty answer");
        }
        TrpDocument answer = body.build();
        if (taskBlock) {
            TrpBuilder withTask = TrpBuilder.document().task(DecodingPlan.of(answer).content()).text("\n");
            for (TrpNode node : answer.nodes()) {
                withTask.node(node);
            }
            answer = withTask.build();
        }
        return new TrpAnswer(TrpSerializer.serialize(answer), groups);
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
