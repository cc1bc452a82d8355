package org.refvlm.trp.internal;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.refvlm.trp.DecodingPlan;
import org.refvlm.trp.Diagnostic;
import org.refvlm.trp.DiagnosticCode;
import org.refvlm.trp.Group;
import org.refvlm.trp.LineIndex;
import org.refvlm.trp.Phrase;
import org.refvlm.trp.Span;
import org.refvlm.trp.TaskBlock;
import org.refvlm.trp.Text;
import org.refvlm.trp.TrpDocument;
import org.refvlm.trp.TrpNode;
import org.refvlm.trp.TrpSerializer;
import org.refvlm.trp.UnitDeclaration;

/**
 * The rules only training answers are held to ({@link org.refvlm.trp.TrpValidator#withTrainingForm()}).
 * A model learns whatever spelling its data uses, so training answers use one: the grammar accepts
 * more (groundings without brackets, whitespace inside them, several per phrase) so that model
 * output can be read, but none of it should be taught. Problems the structural rules already
 * report (a grounding after text, a task block after the answer) are not reported again.
 */
public final class TrainingFormCheck {

    /** A line of a {@link DecodingPlan}, loosely, to tell a wrong line from one not understood. */
    private static final Pattern PLAN_LINE = Pattern.compile("- Name: (.+) Unit: ([a-z, ]+) Num: (\\d+)");

    private final LineIndex lines;
    private final CharSequence source;
    private final Consumer<Diagnostic> sink;

    /**
     * @param source the parsed text, or null for a tree built in code (its spelling is canonical)
     */
    public TrainingFormCheck(LineIndex lines, CharSequence source, Consumer<Diagnostic> sink) {
        this.lines = lines;
        this.source = source;
        this.sink = sink;
    }

    public void check(TrpDocument document) {
        List<TrpNode> nodes = document.nodes();
        if (nodes.size() > 1 && nodes.get(0) instanceof Text text && text.isBlank() && nodes.get(1) instanceof TaskBlock) {
            report(DiagnosticCode.MISPLACED_TASK_BLOCK, "whitespace before the <Task> block: it opens a training answer",
                    text.span());
        }
        container(nodes);
        document.task().ifPresent(task -> plan(task, DecodingPlan.of(document)));
    }

    private void container(List<TrpNode> nodes) {
        boolean groundable = false; // as in TrpValidator: a grounding here grounds the phrase before it
        TrpNode previous = null;
        for (TrpNode node : nodes) {
            if (node instanceof Text text) {
                angleBrackets(text.text(), text.span().isKnown() ? text.span().start() : -1);
                groundable &= text.isBlank();
            } else if (node instanceof Phrase phrase) {
                container(phrase.children());
                groundable = true;
            } else if (node instanceof TaskBlock task) {
                int start = task.span().isKnown() ? task.span().start() + Tag.TASK_OPEN.length() : -1;
                angleBrackets(task.content(), start);
                groundable = false;
            } else if ((node instanceof UnitDeclaration || node instanceof Group) && groundable) {
                grounding(node, previous);
            }
            previous = node;
        }
    }

    /** A grounding of the phrase before it; {@code previous} is the node just before it. */
    private void grounding(TrpNode node, TrpNode previous) {
        String form = "training answers write (<Unit>...</Unit>[0]<REF>...) right after </Phrase>";
        if (previous instanceof UnitDeclaration || previous instanceof Group) {
            report(DiagnosticCode.NONCANONICAL_GROUNDING,
                    "a second grounding of the same phrase: training answers ground each phrase once", node.span());
        } else if (!(previous instanceof Phrase)) {
            report(DiagnosticCode.NONCANONICAL_GROUNDING, "whitespace between </Phrase> and its grounding: " + form,
                    node.span());
        } else if (node instanceof UnitDeclaration) {
            report(DiagnosticCode.NONCANONICAL_GROUNDING, "a grounding without brackets: " + form, node.span());
        } else if (node instanceof Group group && group.members().size() != 1) {
            report(DiagnosticCode.NONCANONICAL_GROUNDING, "the grounding's brackets hold " + group.members().size()
                    + " members: training answers put one <Unit> declaration in them", node.span());
        } else if (node instanceof Group group && group.members().get(0) instanceof Group) {
            report(DiagnosticCode.NONCANONICAL_GROUNDING, "the grounding's brackets hold a nested group: training"
                    + " answers put one <Unit> declaration in them", node.span());
        } else if (source != null && node.span().isKnown()) {
            String written = source.subSequence(node.span().start(), node.span().end()).toString();
            String canonical = TrpSerializer.serialize(node);
            // a group cut off or interrupted has no ')': TRUNCATED or UNCLOSED_GROUP already says what is wrong
            if (written.endsWith(")") && !written.equals(canonical)) {
                report(DiagnosticCode.NONCANONICAL_GROUNDING, "the grounding is written '" + written
                        + "'; training answers write it '" + canonical + "'", node.span());
            }
        }
    }

    /** Reports each '<' or '>' of {@code text} that is not part of a tag; {@code start} is its offset or -1. */
    private void angleBrackets(String text, int start) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '<' && c != '>') {
                continue;
            }
            Tag tag = tagAt(text, i);
            if (tag != null) {
                i += tag.length() - 1; // markup inside a task block: MARKUP_IN_TASK already says so
                continue;
            }
            report(DiagnosticCode.ANGLE_BRACKET_IN_TEXT, "'" + c + "' that is not part of a TRP tag: training answers"
                    + " have no '<' or '>' outside the tags", start < 0 ? Span.NONE : new Span(start + i, start + i + 1));
        }
    }

    private static Tag tagAt(String text, int i) {
        for (Tag tag : Tag.values()) {
            if (text.startsWith(tag.text(), i)) {
                return tag;
            }
        }
        return null;
    }

    /** The task block must state the plan of the answer's own groundings, as the reference wrote it. */
    private void plan(TaskBlock task, DecodingPlan plan) {
        Span span = task.span();
        if (source != null && span.isKnown()
                && !source.subSequence(span.start(), span.end()).toString().endsWith(Tag.TASK_CLOSE.text())) {
            return; // cut off before </Task>: TRUNCATED says so, and the rest of the answer is in the block
        }
        String content = task.content();
        String stripped = content.strip();
        int offset = task.span().isKnown() ? task.span().start() + Tag.TASK_OPEN.length() + content.indexOf(stripped) : -1;
        String[] planLines = stripped.split("\n");
        List<DecodingPlan.Entry> entries = plan.entries();
        if (planLines.length == 1 && planLines[0].equals(DecodingPlan.NO_UNITS)) {
            if (!entries.isEmpty()) {
                report(DiagnosticCode.TASK_BLOCK_MISMATCH, "the task block says no units are decoded, but the answer has "
                        + entries.size() + (entries.size() == 1 ? " grounding" : " groundings"), task.span());
            }
            return;
        }
        if (!planLines[0].equals(DecodingPlan.UNITS)) {
            report(DiagnosticCode.TASK_BLOCK_MISMATCH, "task block line '" + planLines[0] + "' is not understood: it"
                    + " should be '" + DecodingPlan.UNITS + "' or '" + DecodingPlan.NO_UNITS + "'", lineSpan(offset, planLines[0]));
            return;
        }
        if (planLines.length - 1 != entries.size()) {
            report(DiagnosticCode.TASK_BLOCK_MISMATCH, "the task block lists " + (planLines.length - 1)
                    + " groundings, the answer has " + entries.size(), task.span());
            return;
        }
        int lineOffset = offset < 0 ? -1 : offset + planLines[0].length() + 1;
        for (int i = 1; i < planLines.length; i++) {
            String line = planLines[i];
            String expected = entries.get(i - 1).line();
            if (!PLAN_LINE.matcher(line).matches()) {
                report(DiagnosticCode.TASK_BLOCK_MISMATCH, "task block line '" + line + "' is not understood: it should"
                        + " be '" + expected + "'", lineSpan(lineOffset, line));
            } else if (!line.equals(expected)) {
                report(DiagnosticCode.TASK_BLOCK_MISMATCH, "task block line '" + line + "' does not match grounding "
                        + i + " of the answer, '" + expected + "'", lineSpan(lineOffset, line));
            }
            lineOffset = lineOffset < 0 ? -1 : lineOffset + line.length() + 1;
        }
    }

    private static Span lineSpan(int offset, String line) {
        return offset < 0 ? Span.NONE : new Span(offset, offset + line.length());
    }

    private void report(DiagnosticCode code, String message, Span span) {
        sink.accept(Diagnostic.at(code, message, span, lines));
    }
}
