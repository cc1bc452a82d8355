package org.refvlm.trp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.refvlm.trp.internal.IndexSequence;
import org.refvlm.trp.internal.TrainingFormCheck;

/**
 * Finds problems of meaning in a TRP tree: references without a unit, index gaps and repeats,
 * empty phrases and units, groundings that ground no phrase, misplaced task blocks and, when it
 * knows which units the installed decoders handle, units nobody can decode. With
 * {@link #withTrainingForm()} it also holds training answers to the one spelling they use (see
 * {@link DiagnosticCode#ANGLE_BRACKET_IN_TEXT} and the codes after it).
 *
 * <p>The parsers run it on every tree they build; run it yourself on trees built in code.
 */
public final class TrpValidator {

    private static final TrpValidator STRUCTURAL = new TrpValidator(null, false);

    /** Units some installed decoder handles, or null when that is not to be checked. */
    private final Predicate<String> installedUnits;
    /** Whether the training-form rules apply. */
    private final boolean trainingForm;

    private TrpValidator(Predicate<String> installedUnits, boolean trainingForm) {
        this.installedUnits = installedUnits;
        this.trainingForm = trainingForm;
    }

    /** A validator that does not check units against installed decoders. */
    public static TrpValidator structural() {
        return STRUCTURAL;
    }

    /** A validator that also reports units for which {@code handled} is false. */
    public static TrpValidator forInstalledUnits(Predicate<String> handled) {
        return new TrpValidator(Objects.requireNonNull(handled, "handled"), false);
    }

    /** A validator that also reports units not in {@code units} (compared exactly). */
    public static TrpValidator forInstalledUnits(Collection<String> units) {
        Set<String> known = Set.copyOf(units);
        return new TrpValidator(known::contains, false);
    }

    /**
     * This validator plus the rules for training answers, which must be in the one form the model
     * is trained to write: groundings as {@code </Phrase>(<Unit>box</Unit>[0]<REF>)}, no
     * {@code '<'} or {@code '>'} outside the tags, the task block (if any) first and stating the
     * {@link DecodingPlan} of the answer. Model output is not held to them.
     */
    public TrpValidator withTrainingForm() {
        return new TrpValidator(installedUnits, true);
    }

    /** Whether the training-form rules apply; they need the source text to check spelling. */
    public boolean checksTrainingForm() {
        return trainingForm;
    }

    /** Problems of a tree built in code; they carry no line and column. */
    public List<Diagnostic> validate(TrpDocument document) {
        return validate(document, LineIndex.NONE);
    }

    /**
     * Problems of a parsed tree, positioned with {@code lines}. The spelling of groundings, which
     * the tree does not keep, is not checked: use {@link #validate(TrpDocument, LineIndex, CharSequence)}.
     */
    public List<Diagnostic> validate(TrpDocument document, LineIndex lines) {
        return validate(document, lines, null);
    }

    /**
     * Problems of a tree parsed from {@code source}, positioned with {@code lines}.
     *
     * @param source the parsed text, or null when it is not known (trees built in code)
     */
    public List<Diagnostic> validate(TrpDocument document, LineIndex lines, CharSequence source) {
        Walk walk = new Walk(lines);
        walk.taskPlacement(document.nodes());
        walk.container(document.nodes(), true);
        if (trainingForm) {
            new TrainingFormCheck(lines, source, walk.problems::add).check(document);
        }
        return walk.problems;
    }

    /** One pass over one tree. */
    private final class Walk {

        private final LineIndex lines;
        private final List<Diagnostic> problems = new ArrayList<>();

        Walk(LineIndex lines) {
            this.lines = lines;
        }

        /** The task block must come first (whitespace aside), and only once. */
        void taskPlacement(List<TrpNode> nodes) {
            boolean answerStarted = false;
            boolean taskSeen = false;
            for (TrpNode node : nodes) {
                if (node instanceof TaskBlock task) {
                    if (answerStarted || taskSeen) {
                        report(DiagnosticCode.MISPLACED_TASK_BLOCK, taskSeen
                                ? "a second <Task> block; the answer has one, before everything else"
                                : "the <Task> block must come before the answer", task.span());
                    }
                    taskSeen = true;
                } else if (!(node instanceof Text text && text.isBlank())) {
                    answerStarted = true;
                }
            }
        }

        /**
         * Checks the content of the document or of a phrase.
         *
         * @return whether the content has any non-blank text, nested phrases included
         */
        boolean container(List<TrpNode> nodes, boolean topLevel) {
            boolean hasText = false;
            boolean groundable = false; // a grounding here would ground the phrase just before it
            for (TrpNode node : nodes) {
                if (node instanceof Text text) {
                    if (!text.isBlank()) {
                        hasText = true;
                        groundable = false;
                    }
                } else if (node instanceof Phrase phrase) {
                    boolean phraseHasText = container(phrase.children(), false);
                    if (!phraseHasText) {
                        report(DiagnosticCode.EMPTY_PHRASE, "the phrase has no text", phrase.span());
                    }
                    hasText |= phraseHasText;
                    groundable = true;
                } else if (node instanceof UnitDeclaration || node instanceof Group) {
                    if (!groundable) {
                        report(DiagnosticCode.GROUNDING_WITHOUT_PHRASE,
                                "this grounding does not follow a <Phrase>, so it names no concept", node.span());
                    }
                    grounding(node);
                } else if (node instanceof Reference reference) {
                    strayReference(reference);
                } else if (node instanceof TaskBlock task && !topLevel) {
                    report(DiagnosticCode.MISPLACED_TASK_BLOCK, "a <Task> block inside a phrase", task.span());
                    groundable = false;
                }
            }
            return hasText;
        }

        void grounding(TrpNode node) {
            if (node instanceof UnitDeclaration declaration) {
                unitDeclaration(declaration);
            } else if (node instanceof Group group) {
                for (TrpNode member : group.members()) {
                    if (member instanceof Reference reference) {
                        strayReference(reference);
                    } else {
                        grounding(member);
                    }
                }
            }
        }

        void strayReference(Reference reference) {
            report(DiagnosticCode.REF_WITHOUT_UNIT, "<REF> without a <Unit> declaration before it",
                    reference.span());
            if (!reference.hasIndex()) {
                missingIndex(reference);
            }
        }

        void unitDeclaration(UnitDeclaration declaration) {
            Span span = declaration.span();
            if (declaration.units().isEmpty()) {
                report(DiagnosticCode.EMPTY_UNIT, "the unit declaration names no unit", span);
            }
            Set<String> seen = declaration.units().size() > 1 ? new HashSet<>() : null;
            for (String unit : declaration.units()) {
                if (seen != null && !seen.add(unit)) {
                    report(DiagnosticCode.DUPLICATE_UNIT, "unit '" + unit + "' is declared twice", span);
                } else if (installedUnits != null && !installedUnits.test(unit)) {
                    report(DiagnosticCode.UNKNOWN_UNIT, "no installed decoder handles unit '" + unit + "'", span);
                }
            }
            if (declaration.references().isEmpty()) {
                report(DiagnosticCode.UNIT_WITHOUT_REFERENCE, "unit declaration " + describe(declaration)
                        + " is followed by no [i]<REF>", span);
            }
            IndexSequence indices = new IndexSequence();
            for (Reference reference : declaration.references()) {
                if (!reference.hasIndex()) {
                    missingIndex(reference);
                    continue;
                }
                int expected = indices.expected();
                switch (indices.accept(reference.index())) {
                    case GAP -> report(DiagnosticCode.INDEX_GAP, "index [" + reference.index() + "] skips "
                            + (reference.index() - expected == 1 ? "[" + expected + "]"
                            : "[" + expected + "] to [" + (reference.index() - 1) + "]"), reference.span());
                    case DUPLICATE -> report(DiagnosticCode.DUPLICATE_INDEX, "index [" + reference.index()
                            + "] appears twice under " + describe(declaration), reference.span());
                    case OUT_OF_ORDER -> report(DiagnosticCode.INDEX_OUT_OF_ORDER, "index [" + reference.index()
                            + "] comes after [" + (expected - 1) + "]", reference.span());
                    case NEXT -> { }
                    default -> throw new AssertionError();
                }
            }
        }

        void missingIndex(Reference reference) {
            report(DiagnosticCode.MISSING_INDEX, "<REF> without an [i] index before it", reference.span());
        }

        private String describe(UnitDeclaration declaration) {
            return "<Unit>" + String.join(", ", declaration.units()) + "</Unit>";
        }

        private void report(DiagnosticCode code, String message, Span span) {
            problems.add(Diagnostic.at(code, message, span, lines));
        }
    }
}
