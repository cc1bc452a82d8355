package org.refvlm.trp.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.refvlm.trp.Diagnostic;
import org.refvlm.trp.DiagnosticCode;
import org.refvlm.trp.Group;
import org.refvlm.trp.ParseResult;
import org.refvlm.trp.Phrase;
import org.refvlm.trp.Reference;
import org.refvlm.trp.ResolvedReference;
import org.refvlm.trp.Span;
import org.refvlm.trp.TaskBlock;
import org.refvlm.trp.TrpDocument;
import org.refvlm.trp.TrpListener;
import org.refvlm.trp.TrpNode;
import org.refvlm.trp.TrpValidator;
import org.refvlm.trp.UnitDeclaration;

/**
 * The TRP parser proper: a push-driven state machine that builds the tree, reports events and
 * finds syntax problems while the text arrives. Whole-text parsing feeds it the text in one
 * piece; streaming feeds it token by token. Everything it decides depends on the characters
 * only, never on where the pieces were cut, so both give the same tree.
 *
 * <p>Three small look-aheads make TRP context dependent; each is held back until the next
 * lexical token settles it:
 * <ul>
 *   <li>{@code (} opens a group only when a {@code <Unit>} follows (after more {@code (} and
 *       whitespace); otherwise it is text, as in "a dog (brown)".</li>
 *   <li>{@code [i]} is an index only when {@code <REF>} follows at once.</li>
 *   <li>whitespace after a reference belongs to the unit declaration when another reference
 *       follows, and is text otherwise.</li>
 * </ul>
 *
 * <p>Recovery never backtracks: a group interrupted by text is closed where it was interrupted,
 * an unclosed {@code <Unit>} ends at the next tag, a stray closing tag is dropped. Nesting is
 * capped at {@link #MAX_NESTING} so that every tree walk (serializer, validator, JSON writer,
 * record {@code equals}) stays within the Java stack whatever the input.
 */
public final class ParserEngine implements LexerSink {

    /** Deepest nesting of phrases and groups accepted. Real answers nest two or three levels. */
    public static final int MAX_NESTING = 128;

    private enum Mode {
        /** Reading the answer: text, phrases, groups, references. */
        ANSWER,
        /** Between {@code <Unit>} and {@code </Unit>}. */
        UNIT,
        /** Between {@code <Task>} and {@code </Task>}. */
        TASK
    }

    private final TrpListener listener;
    private final TrpValidator validator;
    private final LineTracker lines = new LineTracker();
    private final TrpLexer lexer = new TrpLexer(this, lines);

    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<ResolvedReference> references = new ArrayList<>();
    /** Open frames; the document at the bottom, groups only ever above the innermost phrase. */
    private final List<Frame> stack = new ArrayList<>();

    private Mode mode = Mode.ANSWER;
    /** Content of the open {@code <Unit>} or {@code <Task>}. */
    private final StringBuilder markupText = new StringBuilder();
    private int markupStart;
    /** The unit declaration references attach to, or null. */
    private OpenBinding binding;

    // Look-ahead, see the class comment. At most one of the three kinds is pending, except
    // that an index may wait behind whitespace after a reference ("[0]<REF> [1]").
    private final StringBuilder pendingSpace = new StringBuilder();
    private int pendingSpaceStart;
    private final StringBuilder pendingParens = new StringBuilder();
    private int pendingParensStart;
    private int[] parenOffsets = new int[8];
    private int parenCount;
    private boolean hasPendingIndex;
    private int pendingIndexValue;
    private int pendingIndexOffset;
    private int pendingIndexLength;

    private int phraseCount;
    private int unitCount;
    private int tokenPosition = -1;
    private boolean finished;
    /** Set by {@link #finish()}: the total length, and text arriving now is the tail of the input. */
    private int inputEnd = -1;
    /** All input, kept only for a validator that checks the spelling of training answers. */
    private final StringBuilder source;

    public ParserEngine(TrpListener listener, TrpValidator validator) {
        this.listener = listener;
        this.validator = validator;
        this.source = validator.checksTrainingForm() ? new StringBuilder() : null;
        stack.add(new ContainerFrame(0, -1));
    }

    /**
     * Reads the next piece of text.
     *
     * @param tokenPosition the position of the token the piece is, reported with any
     *     {@code <REF>} the piece completes; -1 when not streaming tokens
     */
    public void feed(CharSequence piece, int tokenPosition) {
        if (finished) {
            throw new IllegalStateException("the parser has finished");
        }
        this.tokenPosition = tokenPosition;
        if (source != null) {
            source.append(piece);
        }
        lexer.feed(piece);
    }

    /** Ends the input: closes what is open (reporting it), validates the tree and returns it. */
    public ParseResult finish() {
        if (finished) {
            throw new IllegalStateException("the parser has finished");
        }
        finished = true;
        inputEnd = lexer.offset();
        int end = inputEnd;
        lexer.finish(); // an unfinished tag becomes text
        if (mode == Mode.TASK) {
            report(DiagnosticCode.TRUNCATED, "input ends at " + at(end) + " inside the <Task> block opened at "
                    + at(markupStart), markupStart, end);
            finishTask(end);
        } else if (mode == Mode.UNIT) {
            flushIndexIntoUnit();
            report(DiagnosticCode.TRUNCATED, "input ends at " + at(end) + " inside the <Unit> declaration opened at "
                    + at(markupStart) + " (output cut off?)", markupStart, end);
            finishUnit(end);
        }
        resolvePending(); // a trailing "(" or "[0]" is text
        closeBinding();
        if (top() instanceof GroupFrame) {
            truncateGroups(end);
        }
        while (stack.size() > 1) {
            ContainerFrame phrase = (ContainerFrame) top();
            report(DiagnosticCode.UNCLOSED_TAG, "<Phrase> opened at " + at(phrase.start) + " is never closed",
                    phrase.start, end);
            closePhrase(end);
        }
        ContainerFrame document = (ContainerFrame) top();
        document.flushText();
        TrpDocument tree = new TrpDocument(document.children);
        for (Diagnostic problem : validator.validate(tree, lines, source)) {
            diagnostics.add(problem);
            listener.diagnostic(problem);
        }
        diagnostics.sort(Comparator.comparingInt(Diagnostic::offset));
        return new ParseResult(tree, diagnostics, references);
    }

    // ------------------------------------------------------------------ lexical tokens

    @Override
    public void text(CharSequence chars, int from, int to, int offset) {
        if (appendToMarkup(chars, from, to)) {
            return;
        }
        resolvePending();
        addText(chars, from, to, offset, false);
    }

    @Override
    public void whitespace(CharSequence chars, int from, int to, int offset) {
        if (appendToMarkup(chars, from, to)) {
            return;
        }
        if (hasPendingIndex) {
            resolvePending();
        }
        if (parenCount > 0) {
            pendingParens.append(chars, from, to);
        } else if (top() instanceof GroupFrame) {
            return; // whitespace between the members of a group means nothing
        } else if (binding != null) {
            if (pendingSpace.length() == 0) {
                pendingSpaceStart = offset;
            }
            pendingSpace.append(chars, from, to);
        } else {
            addText(chars, from, to, offset, true);
        }
    }

    @Override
    public void punctuation(char c, int offset) {
        if (mode == Mode.TASK) {
            markupText.append(c);
            return;
        }
        if (mode == Mode.UNIT) {
            flushIndexIntoUnit();
            markupText.append(c);
            return;
        }
        if (c == '(') {
            holdParen(offset);
            return;
        }
        resolvePending();
        if (top() instanceof GroupFrame group) {
            closeBinding();
            if (c == ',') {
                if (group.expectingMember) {
                    report(DiagnosticCode.MALFORMED_GROUP, "',' at " + at(offset) + " where a member of the group opened at "
                            + at(group.start) + " should be", offset, offset + 1);
                }
                group.expectingMember = true;
            } else {
                if (group.expectingMember) {
                    report(DiagnosticCode.MALFORMED_GROUP, "')' at " + at(offset) + " follows a ',' in the group opened at "
                            + at(group.start) + ": a member is missing", offset, offset + 1);
                }
                closeGroup(offset + 1);
            }
            return;
        }
        addText(c == ')' ? ")" : ",", 0, 1, offset, false);
    }

    @Override
    public void index(int value, int offset, int length) {
        if (mode == Mode.TASK) {
            markupText.append(indexText(value, length));
            return;
        }
        if (mode == Mode.UNIT) {
            flushIndexIntoUnit();
        } else if (hasPendingIndex || parenCount > 0) {
            resolvePending();
        }
        hasPendingIndex = true;
        pendingIndexValue = value;
        pendingIndexOffset = offset;
        pendingIndexLength = length;
    }

    @Override
    public void tag(Tag tag, int offset) {
        int end = offset + tag.length();
        if (mode == Mode.TASK) {
            if (tag == Tag.TASK_CLOSE) {
                finishTask(end);
            } else {
                markupText.append(tag.text());
                report(DiagnosticCode.MARKUP_IN_TASK, tag.text() + " at " + at(offset) + " is inside the <Task> block opened at "
                        + at(markupStart) + ", which holds plain text only", offset, end);
            }
            return;
        }
        if (mode == Mode.UNIT) {
            if (tag == Tag.UNIT_CLOSE) {
                flushIndexIntoUnit();
                finishUnit(end);
                return;
            }
            interruptUnit(tag, offset);
        }
        switch (tag) {
            case REF -> reference(offset, end);
            case UNIT_OPEN -> openUnit(offset);
            case PHRASE_OPEN -> openPhrase(offset);
            case PHRASE_CLOSE -> closePhraseTag(offset, end);
            case TASK_OPEN -> openTask(offset);
            case UNIT_CLOSE -> unmatched(tag, "<Unit>", offset, end);
            case TASK_CLOSE -> unmatched(tag, "<Task>", offset, end);
            default -> throw new AssertionError(tag);
        }
    }

    @Override
    public void unfinishedTag(CharSequence chars, int offset) {
        if (mode == Mode.ANSWER && chars.length() > 1) {
            report(DiagnosticCode.TRUNCATED, "input ends inside the tag '" + chars + "' at " + at(offset),
                    offset, offset + chars.length());
        }
        text(chars, 0, chars.length(), offset);
    }

    // ------------------------------------------------------------------ constructs

    private void reference(int offset, int end) {
        int index = Reference.NO_INDEX;
        int start = offset;
        if (hasPendingIndex) {
            hasPendingIndex = false;
            index = pendingIndexValue;
            start = pendingIndexOffset;
        }
        if (parenCount > 0) {
            resolvePending(); // "(<REF>": no unit follows the parenthesis, so it was text
        }
        pendingSpace.setLength(0); // whitespace between references of one declaration means nothing
        Reference reference = new Reference(index, new Span(start, end));
        Phrase grounded;
        int groundedOrdinal;
        List<String> units;
        int unitOrdinal;
        if (binding != null) {
            binding.add(reference);
            grounded = binding.grounded;
            groundedOrdinal = binding.groundedOrdinal;
            units = binding.units;
            unitOrdinal = binding.ordinal;
        } else {
            if (top() instanceof GroupFrame group) {
                startMember(group, start);
                group.members.add(reference);
                grounded = group.grounded;
                groundedOrdinal = group.groundedOrdinal;
            } else {
                ContainerFrame container = (ContainerFrame) top();
                container.add(reference);
                grounded = container.groundable;
                groundedOrdinal = container.groundableOrdinal;
            }
            units = List.of();
            unitOrdinal = -1;
        }
        ResolvedReference resolved = new ResolvedReference(references.size(), phrasePath(groundedOrdinal),
                Optional.ofNullable(grounded), units, unitOrdinal, index, tokenPosition, reference.span());
        references.add(resolved);
        listener.reference(resolved);
    }

    private void openUnit(int offset) {
        boolean groupsFollow = parenCount > 0;
        if (!groupsFollow) {
            resolvePending();
        }
        closeBinding();
        if (groupsFollow) {
            openPendingGroups();
        }
        if (top() instanceof GroupFrame group) {
            startMember(group, offset);
        } else {
            ((ContainerFrame) top()).flushText();
        }
        mode = Mode.UNIT;
        markupStart = offset;
        markupText.setLength(0);
    }

    private void finishUnit(int end) {
        List<String> units = unitWords(markupText, markupStart, end);
        markupText.setLength(0);
        mode = Mode.ANSWER;
        Phrase grounded;
        int groundedOrdinal;
        if (top() instanceof GroupFrame group) {
            grounded = group.grounded;
            groundedOrdinal = group.groundedOrdinal;
        } else {
            ContainerFrame container = (ContainerFrame) top();
            grounded = container.groundable;
            groundedOrdinal = container.groundableOrdinal;
        }
        binding = new OpenBinding(unitCount++, units, markupStart, end, grounded, groundedOrdinal);
        listener.unitDeclared(binding.ordinal, units, new Span(markupStart, end));
    }

    /** Splits {@code "box, keypoint"} into its words; any word is a unit, known or not. */
    private List<String> unitWords(CharSequence content, int start, int end) {
        List<String> words = new ArrayList<>(2);
        boolean emptyWord = false;
        int from = 0;
        for (int i = 0; i <= content.length(); i++) {
            if (i == content.length() || content.charAt(i) == ',') {
                String word = content.subSequence(from, i).toString().strip();
                if (word.isEmpty()) {
                    emptyWord = true;
                } else {
                    words.add(word);
                }
                from = i + 1;
            }
        }
        boolean composite = words.size() + (emptyWord ? 1 : 0) > 1 || content.toString().indexOf(',') >= 0;
        if (emptyWord && composite) {
            report(DiagnosticCode.EMPTY_UNIT_WORD, "the unit declaration at " + at(start)
                    + " has an empty word between commas", start, end);
        }
        return List.copyOf(words);
    }

    private void interruptUnit(Tag tag, int offset) {
        int unitEnd = offset;
        if (hasPendingIndex && tag == Tag.REF) {
            unitEnd = pendingIndexOffset; // "<Unit>box[0]<REF>": the index belongs to the reference
        } else {
            flushIndexIntoUnit();
        }
        if (tag == Tag.PHRASE_CLOSE && innermostPhrase() > 0) {
            report(DiagnosticCode.CROSSING_TAGS, "</Phrase> at " + at(offset) + " closes the <Phrase> opened at "
                    + at(stack.get(innermostPhrase()).start) + " while the <Unit> opened at " + at(markupStart)
                    + " is still open", offset, offset + tag.length());
        } else {
            report(DiagnosticCode.UNCLOSED_TAG, "<Unit> opened at " + at(markupStart) + " is not closed before "
                    + tag.text() + " at " + at(offset), markupStart, offset);
        }
        finishUnit(unitEnd);
    }

    private void openPhrase(int offset) {
        resolvePending();
        closeBinding();
        if (top() instanceof GroupFrame) {
            interruptGroups(offset, "<Phrase>");
        }
        ContainerFrame parent = (ContainerFrame) top();
        parent.flushText();
        parent.forgetGroundable();
        if (stack.size() - 1 >= MAX_NESTING) {
            report(DiagnosticCode.NESTING_TOO_DEEP, "<Phrase> at " + at(offset) + " would nest deeper than "
                    + MAX_NESTING + " levels; it is ignored", offset, offset + Tag.PHRASE_OPEN.length());
            return;
        }
        int depth = 0;
        for (Frame frame : stack) {
            if (frame instanceof ContainerFrame c && c.isPhrase()) {
                depth++;
            }
        }
        int ordinal = phraseCount++;
        stack.add(new ContainerFrame(offset, ordinal));
        listener.phraseOpened(ordinal, depth, offset);
    }

    private void closePhraseTag(int offset, int end) {
        resolvePending();
        closeBinding();
        int phrase = innermostPhrase();
        if (phrase <= 0) {
            unmatched(Tag.PHRASE_CLOSE, "<Phrase>", offset, end);
            return;
        }
        if (top() instanceof GroupFrame) {
            report(DiagnosticCode.CROSSING_TAGS, "</Phrase> at " + at(offset) + " closes the <Phrase> opened at "
                    + at(stack.get(phrase).start) + " while the group opened at " + at(stack.get(phrase + 1).start)
                    + " is still open", offset, end);
            while (top() instanceof GroupFrame) {
                closeGroup(offset);
            }
        }
        closePhrase(end);
    }

    /** Closes the phrase on top of the stack; what follows may ground it. */
    private void closePhrase(int end) {
        ContainerFrame frame = (ContainerFrame) stack.remove(stack.size() - 1);
        frame.flushText();
        Phrase phrase = new Phrase(frame.children, new Span(frame.start, end));
        ContainerFrame parent = (ContainerFrame) top();
        parent.add(phrase);
        parent.groundable = phrase;
        parent.groundableOrdinal = frame.phraseOrdinal;
        listener.phraseClosed(frame.phraseOrdinal, phrase);
    }

    private void openTask(int offset) {
        resolvePending();
        closeBinding();
        if (top() instanceof GroupFrame) {
            interruptGroups(offset, "<Task>");
        }
        ContainerFrame container = (ContainerFrame) top();
        container.flushText();
        container.forgetGroundable();
        mode = Mode.TASK;
        markupStart = offset;
        markupText.setLength(0);
    }

    private void finishTask(int end) {
        TaskBlock block = new TaskBlock(markupText.toString(), new Span(markupStart, end));
        markupText.setLength(0);
        mode = Mode.ANSWER;
        ((ContainerFrame) top()).add(block);
        listener.taskBlock(block);
    }

    /**
     * A closing tag nothing is open for. It is dropped; an open unit declaration stays open, but
     * what was held back before the tag is text, so that each text node stays one contiguous
     * piece of the input.
     */
    private void unmatched(Tag tag, String opening, int offset, int end) {
        resolvePending();
        report(DiagnosticCode.UNMATCHED_CLOSING_TAG, tag.text() + " at " + at(offset) + " has no matching "
                + opening + "; it is ignored", offset, end);
        if (top() instanceof ContainerFrame container) {
            container.flushText();
        }
    }

    // ------------------------------------------------------------------ groups

    private void holdParen(int offset) {
        if (hasPendingIndex || pendingSpace.length() > 0) {
            resolvePending();
        }
        if (parenCount == 0) {
            pendingParensStart = offset;
        }
        if (parenCount == parenOffsets.length) {
            parenOffsets = Arrays.copyOf(parenOffsets, parenCount * 2);
        }
        parenOffsets[parenCount++] = offset;
        pendingParens.append('(');
    }

    /** A {@code <Unit>} follows the waiting parentheses: each of them opens a group. */
    private void openPendingGroups() {
        int allowed = Math.max(0, MAX_NESTING - (stack.size() - 1));
        int asText = Math.max(0, parenCount - allowed);
        int count = parenCount;
        int[] offsets = parenOffsets;
        parenOffsets = new int[8];
        parenCount = 0;
        if (asText > 0) {
            int textStart = pendingParensStart;
            int textLength = asText == count ? pendingParens.length() : offsets[asText] - textStart;
            String text = pendingParens.substring(0, textLength);
            pendingParens.setLength(0);
            report(DiagnosticCode.NESTING_TOO_DEEP, "groups at " + at(textStart) + " would nest deeper than "
                    + MAX_NESTING + " levels; the first " + asText + " '(' are read as text",
                    textStart, textStart + textLength);
            addText(text, 0, text.length(), textStart, false);
        }
        pendingParens.setLength(0);
        for (int k = asText; k < count; k++) {
            openGroup(offsets[k]);
        }
        parenOffsets = offsets; // reuse the buffer
    }

    private void openGroup(int offset) {
        Phrase grounded;
        int groundedOrdinal;
        if (top() instanceof GroupFrame parent) {
            startMember(parent, offset);
            grounded = parent.grounded;
            groundedOrdinal = parent.groundedOrdinal;
        } else {
            ContainerFrame container = (ContainerFrame) top();
            container.flushText();
            grounded = container.groundable;
            groundedOrdinal = container.groundableOrdinal;
        }
        stack.add(new GroupFrame(offset, grounded, groundedOrdinal));
        listener.groupOpened(offset);
    }

    private void startMember(GroupFrame group, int offset) {
        if (!group.expectingMember) {
            report(DiagnosticCode.MALFORMED_GROUP, "the member at " + at(offset) + " of the group opened at "
                    + at(group.start) + " is not separated from the previous one by ','", offset, offset);
        }
        group.expectingMember = false;
    }

    private void closeGroup(int end) {
        closeBinding();
        GroupFrame frame = (GroupFrame) stack.remove(stack.size() - 1);
        Group group = new Group(frame.members, new Span(frame.start, end));
        addNode(group);
        listener.groupClosed(group);
    }

    /**
     * The input ended inside a group: the answer was cut off there. Open groups end at
     * {@code offset} (where the text that cannot belong to them starts, or the end).
     */
    private void truncateGroups(int offset) {
        Frame outermost = outermostGroup();
        report(DiagnosticCode.TRUNCATED, "input ends at " + at(inputEnd) + " inside the group opened at "
                + at(outermost.start) + " (output cut off?)", outermost.start, inputEnd);
        while (top() instanceof GroupFrame) {
            closeGroup(offset);
        }
    }

    /** Something a group cannot hold arrived at {@code offset}: the open groups end there. */
    private void interruptGroups(int offset, String what) {
        while (top() instanceof GroupFrame group) {
            report(DiagnosticCode.UNCLOSED_GROUP, "the group opened at " + at(group.start) + " is not closed before "
                    + what + " at " + at(offset), group.start, offset);
            closeGroup(offset);
        }
    }

    // ------------------------------------------------------------------ text and look-ahead

    /** Inside {@code <Unit>} or {@code <Task>} all text is content. */
    private boolean appendToMarkup(CharSequence chars, int from, int to) {
        if (mode == Mode.ANSWER) {
            return false;
        }
        if (mode == Mode.UNIT) {
            flushIndexIntoUnit();
        }
        markupText.append(chars, from, to);
        return true;
    }

    private void flushIndexIntoUnit() {
        if (hasPendingIndex) {
            hasPendingIndex = false;
            markupText.append(indexText(pendingIndexValue, pendingIndexLength));
        }
    }

    /** The next token shows that whatever was held back is plain text. */
    private void resolvePending() {
        if (pendingSpace.length() > 0) {
            closeBinding(); // writes the held-back whitespace as text after the declaration
        }
        if (hasPendingIndex) {
            hasPendingIndex = false;
            String text = indexText(pendingIndexValue, pendingIndexLength);
            addText(text, 0, text.length(), pendingIndexOffset, false);
        }
        if (parenCount > 0) {
            String text = pendingParens.toString();
            pendingParens.setLength(0);
            parenCount = 0;
            addText(text, 0, text.length(), pendingParensStart, false);
        }
    }

    private void addText(CharSequence chars, int from, int to, int offset, boolean whitespace) {
        if (top() instanceof GroupFrame) {
            if (whitespace) {
                return;
            }
            if (inputEnd >= 0) {
                truncateGroups(offset); // "(<Unit>box</Unit>[0]" then the end: cut off, not interrupted
            } else {
                interruptGroups(offset, "text");
            }
        }
        closeBinding();
        ContainerFrame container = (ContainerFrame) top();
        container.appendText(chars, from, to, offset);
        if (!whitespace) {
            container.forgetGroundable();
        }
        if (listener != TrpListener.NONE) {
            listener.text(chars.subSequence(from, to).toString(), offset);
        }
    }

    /** Ends the open unit declaration: no more references attach to it. */
    private void closeBinding() {
        if (binding == null) {
            return;
        }
        UnitDeclaration declaration = binding.toNode();
        binding = null;
        addNode(declaration);
        if (pendingSpace.length() > 0) {
            ContainerFrame container = (ContainerFrame) top();
            container.appendText(pendingSpace, 0, pendingSpace.length(), pendingSpaceStart);
            listener.text(pendingSpace.toString(), pendingSpaceStart);
            pendingSpace.setLength(0);
        }
    }

    private void addNode(TrpNode node) {
        if (top() instanceof GroupFrame group) {
            group.members.add(node);
        } else {
            ((ContainerFrame) top()).add(node);
        }
    }

    // ------------------------------------------------------------------ helpers

    private Frame top() {
        return stack.get(stack.size() - 1);
    }

    /** Stack index of the innermost open phrase, or 0 (the document) when none is open. */
    private int innermostPhrase() {
        for (int i = stack.size() - 1; i > 0; i--) {
            if (stack.get(i) instanceof ContainerFrame) {
                return i;
            }
        }
        return 0;
    }

    private Frame outermostGroup() {
        return stack.get(innermostPhrase() + 1);
    }

    private List<Integer> phrasePath(int groundedOrdinal) {
        Integer[] path = new Integer[stack.size()];
        int length = 0;
        for (Frame frame : stack) {
            if (frame instanceof ContainerFrame container && container.isPhrase()) {
                path[length++] = container.phraseOrdinal;
            }
        }
        if (groundedOrdinal >= 0) {
            path[length++] = groundedOrdinal;
        }
        return switch (length) {
            case 0 -> List.of();
            case 1 -> List.of(path[0]);
            default -> List.of(Arrays.copyOf(path, length));
        };
    }

    /** The text of {@code [digits]} as it was written, leading zeros included. */
    private static String indexText(int value, int length) {
        String digits = Integer.toString(value);
        StringBuilder out = new StringBuilder(length).append('[');
        for (int i = digits.length(); i < length - 2; i++) {
            out.append('0');
        }
        return out.append(digits).append(']').toString();
    }

    private String at(int offset) {
        return lines.position(offset).toString();
    }

    private void report(DiagnosticCode code, String message, int start, int end) {
        Diagnostic diagnostic = Diagnostic.at(code, message, new Span(start, Math.max(start, end)), lines);
        diagnostics.add(diagnostic);
        listener.diagnostic(diagnostic);
    }
}
