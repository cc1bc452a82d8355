package org.refvlm.trp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds TRP trees in code, for data conversion and tests. Adjacent text is merged so that the
 * tree is the one parsing its serialization gives (apart from spans, which built nodes lack).
 *
 * <pre>{@code
 * TrpDocument answer = TrpBuilder.document()
 *     .grounded("Two young guys", 2, "box")
 *     .text(" with ")
 *     .phrase(p -> p.phrase("dog").text(" in ").phrase("park"))
 *     .group(g -> g.group(inner -> inner.unit(2, "box")).unit(1, "box"))
 *     .build();
 * }</pre>
 */
public final class TrpBuilder {

    private final List<TrpNode> nodes = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    private TrpBuilder() {
    }

    public static TrpBuilder document() {
        return new TrpBuilder();
    }

    /** A {@code <Task>} block; put it first. */
    public TrpBuilder task(String content) {
        return node(TaskBlock.of(content));
    }

    /** Free text; it must not contain markup. */
    public TrpBuilder text(String text) {
        this.text.append(Objects.requireNonNull(text, "text"));
        return this;
    }

    /** {@code <Phrase>text</Phrase>}. */
    public TrpBuilder phrase(String text) {
        return node(Phrase.of(text));
    }

    /** A phrase with nested content. */
    public TrpBuilder phrase(Consumer<TrpBuilder> content) {
        TrpBuilder inner = new TrpBuilder();
        content.accept(inner);
        return node(new Phrase(inner.finishNodes(), Span.NONE));
    }

    /** {@code <Unit>units</Unit>[0]<REF>...[references-1]<REF>} without brackets. */
    public TrpBuilder unit(int references, String... units) {
        return node(UnitDeclaration.of(references, units));
    }

    /** A group {@code (...)}. */
    public TrpBuilder group(Consumer<GroupBuilder> members) {
        GroupBuilder group = new GroupBuilder();
        members.accept(group);
        return node(group.build());
    }

    /** The usual form {@code <Phrase>phrase</Phrase>(<Unit>units</Unit>[0]<REF>...)}. */
    public TrpBuilder grounded(String phrase, int references, String... units) {
        return phrase(phrase).group(g -> g.unit(references, units));
    }

    /** Any node. */
    public TrpBuilder node(TrpNode node) {
        if (node instanceof Text t) {
            return text(t.text());
        }
        flushText();
        nodes.add(Objects.requireNonNull(node, "node"));
        return this;
    }

    public TrpDocument build() {
        return new TrpDocument(finishNodes());
    }

    private List<TrpNode> finishNodes() {
        flushText();
        return List.copyOf(nodes);
    }

    private void flushText() {
        if (text.length() > 0) {
            nodes.add(Text.of(text.toString()));
            text.setLength(0);
        }
    }

    /** Builds the members of a group. */
    public static final class GroupBuilder {
        private final List<TrpNode> members = new ArrayList<>();

        private GroupBuilder() {
        }

        /** A member {@code <Unit>units</Unit>[0]<REF>...}. */
        public GroupBuilder unit(int references, String... units) {
            members.add(UnitDeclaration.of(references, units));
            return this;
        }

        /** A nested group. */
        public GroupBuilder group(Consumer<GroupBuilder> content) {
            GroupBuilder inner = new GroupBuilder();
            content.accept(inner);
            members.add(inner.build());
            return this;
        }

        Group build() {
            return new Group(members, Span.NONE);
        }
    }
}
