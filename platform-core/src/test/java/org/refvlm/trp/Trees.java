package org.refvlm.trp;

import java.util.ArrayList;
import java.util.List;

/** Test helpers for comparing trees by structure. */
final class Trees {

    private Trees() {
    }

    /** The same tree with every span replaced by {@link Span#NONE}, as if built in code. */
    static TrpDocument withoutSpans(TrpDocument document) {
        return new TrpDocument(strip(document.nodes()));
    }

    static List<TrpNode> strip(List<? extends TrpNode> nodes) {
        List<TrpNode> out = new ArrayList<>();
        for (TrpNode node : nodes) {
            out.add(strip(node));
        }
        return out;
    }

    static TrpNode strip(TrpNode node) {
        if (node instanceof Text t) {
            return Text.of(t.text());
        } else if (node instanceof Phrase p) {
            return new Phrase(strip(p.children()), Span.NONE);
        } else if (node instanceof UnitDeclaration u) {
            List<Reference> refs = new ArrayList<>();
            for (Reference r : u.references()) {
                refs.add(Reference.of(r.index()));
            }
            return new UnitDeclaration(u.units(), refs, Span.NONE);
        } else if (node instanceof Reference r) {
            return Reference.of(r.index());
        } else if (node instanceof Group g) {
            return new Group(strip(g.members()), Span.NONE);
        } else if (node instanceof TaskBlock t) {
            return TaskBlock.of(t.content());
        }
        throw new AssertionError(node);
    }

    /** The codes of the diagnostics of lenient parsing {@code text}. */
    static List<DiagnosticCode> codes(String text) {
        return TrpParser.lenient().parse(text).diagnostics().stream().map(Diagnostic::code).toList();
    }
}
