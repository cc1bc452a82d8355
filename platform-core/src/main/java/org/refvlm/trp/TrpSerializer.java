package org.refvlm.trp;

import java.util.List;
import org.refvlm.trp.internal.Tag;

/**
 * Writes a tree as canonical TRP text: tags exactly as the model's vocabulary spells them, unit
 * words joined by {@code ", "}, group members joined by {@code ","}, no whitespace inside groups
 * or between references, text verbatim. Parsing the result gives the same tree back.
 */
public final class TrpSerializer {

    private TrpSerializer() {
    }

    public static String serialize(TrpDocument document) {
        StringBuilder out = new StringBuilder();
        write(document.nodes(), out);
        return out.toString();
    }

    public static String serialize(TrpNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(List<? extends TrpNode> nodes, StringBuilder out) {
        for (TrpNode node : nodes) {
            write(node, out);
        }
    }

    private static void write(TrpNode node, StringBuilder out) {
        if (node instanceof Text text) {
            out.append(text.text());
        } else if (node instanceof Phrase phrase) {
            out.append(Tag.PHRASE_OPEN.text());
            write(phrase.children(), out);
            out.append(Tag.PHRASE_CLOSE.text());
        } else if (node instanceof UnitDeclaration declaration) {
            out.append(Tag.UNIT_OPEN.text()).append(String.join(", ", declaration.units())).append(Tag.UNIT_CLOSE.text());
            write(declaration.references(), out);
        } else if (node instanceof Reference reference) {
            if (reference.hasIndex()) {
                out.append('[').append(reference.index()).append(']');
            }
            out.append(Tag.REF.text());
        } else if (node instanceof Group group) {
            out.append('(');
            for (int i = 0; i < group.members().size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(group.members().get(i), out);
            }
            out.append(')');
        } else if (node instanceof TaskBlock task) {
            out.append(Tag.TASK_OPEN.text()).append(task.content()).append(Tag.TASK_CLOSE.text());
        }
    }
}
