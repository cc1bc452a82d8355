package org.refvlm.trp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the reference implementation's task block (its "VD-CoT") says before an answer: whether the answer
 * decodes units and, for every grounded phrase, its name, its unit(s) and how many {@code <REF>}s it has.
 * The block is model input and output whose exact wording the reference trained, so {@link #content()}
 * spells it exactly that way:
 *
 * <pre>
 * &lt;Task&gt;
 * Unit decode (True). Class name, target unit and number:
 * - Name: dog Unit: box Num: 2
 * &lt;/Task&gt;
 * </pre>
 *
 * or {@code <Task>\nUnit decode (False).\n</Task>} for an answer without groundings. Training answers must
 * carry the plan of their own groundings ({@link DiagnosticCode#TASK_BLOCK_MISMATCH}).
 *
 * @param entries one per unit declaration that grounds a phrase, in text order
 */
public record DecodingPlan(List<Entry> entries) {

    /** First line of the plan of an answer without groundings. */
    public static final String NO_UNITS = "Unit decode (False).";
    /** First line of the plan of an answer with groundings; one {@link Entry} line follows per grounding. */
    public static final String UNITS = "Unit decode (True). Class name, target unit and number:";

    /**
     * One grounding as the plan lists it: {@code - Name: <name> Unit: <units> Num: <references>}.
     *
     * @param name the grounded phrase's plain text, without surrounding whitespace
     * @param units the unit words of the declaration
     * @param references how many {@code <REF>}s the declaration has
     */
    public record Entry(String name, List<String> units, int references) {

        public Entry {
            Objects.requireNonNull(name, "name");
            units = List.copyOf(units);
        }

        /** The entry's line of the plan, without the line break. */
        public String line() {
            return "- Name: " + name + " Unit: " + String.join(", ", units) + " Num: " + references;
        }
    }

    public DecodingPlan {
        entries = List.copyOf(entries);
    }

    /**
     * The plan of an answer: an entry for every unit declaration that grounds a phrase (as {@link TrpValidator}
     * decides which phrase a grounding grounds), in text order, nested phrases and groups included.
     */
    public static DecodingPlan of(TrpDocument document) {
        List<Entry> entries = new ArrayList<>();
        collect(document.nodes(), entries);
        return new DecodingPlan(entries);
    }

    /** The text between {@code <Task>} and {@code </Task>}, line breaks around it included. */
    public String content() {
        if (entries.isEmpty()) {
            return "\n" + NO_UNITS + "\n";
        }
        StringBuilder out = new StringBuilder("\n").append(UNITS).append('\n');
        for (Entry entry : entries) {
            out.append(entry.line()).append('\n');
        }
        return out.toString();
    }

    private static void collect(List<TrpNode> nodes, List<Entry> entries) {
        Phrase groundable = null; // the phrase a grounding here grounds, as in TrpValidator
        for (TrpNode node : nodes) {
            if (node instanceof Text text) {
                if (!text.isBlank()) {
                    groundable = null;
                }
            } else if (node instanceof Phrase phrase) {
                collect(phrase.children(), entries);
                groundable = phrase;
            } else if (node instanceof UnitDeclaration || node instanceof Group) {
                if (groundable != null) {
                    grounding(node, groundable.plainText().strip(), entries);
                }
            } else if (node instanceof TaskBlock) {
                groundable = null;
            }
        }
    }

    private static void grounding(TrpNode node, String name, List<Entry> entries) {
        if (node instanceof UnitDeclaration declaration) {
            entries.add(new Entry(name, declaration.units(), declaration.references().size()));
        } else if (node instanceof Group group) {
            for (TrpNode member : group.members()) {
                grounding(member, name, entries);
            }
        }
    }
}
