package org.refvlm.trp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes a {@link ParseResult} as JSON: the tree (with spans), every reference with its phrase,
 * units, index and token position, the plain text with phrase spans, and the diagnostics. The
 * format is documented in {@code docs/trp.md}.
 */
public final class TrpJsonWriter {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final boolean pretty;

    private TrpJsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    /** Indented output, for people. */
    public static TrpJsonWriter pretty() {
        return new TrpJsonWriter(true);
    }

    /** One line, for machines. */
    public static TrpJsonWriter compact() {
        return new TrpJsonWriter(false);
    }

    public String toJson(ParseResult result) {
        StringWriter out = new StringWriter();
        try {
            write(result, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** Writes UTF-8 JSON; does not close {@code out}. */
    public void write(ParseResult result, OutputStream out) throws IOException {
        try (JsonGenerator json = FACTORY.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            write(result, json);
        }
    }

    /** Writes JSON; does not close {@code out}. */
    public void write(ParseResult result, Writer out) throws IOException {
        try (JsonGenerator json = FACTORY.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            write(result, json);
        }
    }

    private void write(ParseResult result, JsonGenerator json) throws IOException {
        if (pretty) {
            json.useDefaultPrettyPrinter();
        }
        json.writeStartObject();
        json.writeBooleanField("wellFormed", result.isWellFormed());
        json.writeFieldName("nodes");
        new TreeWriter(json, result.references()).nodes(result.document().nodes());
        json.writeFieldName("references");
        references(json, result.references());
        json.writeFieldName("plainText");
        plainText(json, result.plainText());
        json.writeFieldName("diagnostics");
        diagnostics(json, result.diagnostics());
        json.writeEndObject();
        json.writeRaw('\n');
    }

    /** Writes the tree, numbering phrases and unit declarations as the parser does. */
    private static final class TreeWriter {
        private final JsonGenerator json;
        private final List<ResolvedReference> resolved;
        private int phraseOrdinal;
        private int unitOrdinal;
        private int referenceOrdinal;

        TreeWriter(JsonGenerator json, List<ResolvedReference> resolved) {
            this.json = json;
            this.resolved = resolved;
        }

        void nodes(List<? extends TrpNode> nodes) throws IOException {
            json.writeStartArray();
            for (TrpNode node : nodes) {
                node(node);
            }
            json.writeEndArray();
        }

        void node(TrpNode node) throws IOException {
            json.writeStartObject();
            if (node instanceof Text text) {
                json.writeStringField("type", "text");
                span(json, "span", text.span());
                json.writeStringField("text", text.text());
            } else if (node instanceof Phrase phrase) {
                json.writeStringField("type", "phrase");
                json.writeNumberField("ordinal", phraseOrdinal++);
                span(json, "span", phrase.span());
                json.writeStringField("text", phrase.plainText());
                json.writeFieldName("children");
                nodes(phrase.children());
            } else if (node instanceof UnitDeclaration declaration) {
                json.writeStringField("type", "unit");
                json.writeNumberField("ordinal", unitOrdinal++);
                span(json, "span", declaration.span());
                stringArray(json, "units", declaration.units());
                json.writeFieldName("references");
                nodes(declaration.references());
            } else if (node instanceof Reference reference) {
                json.writeStringField("type", "reference");
                int ordinal = referenceOrdinal++;
                json.writeNumberField("ordinal", ordinal);
                span(json, "span", reference.span());
                index(json, reference.index());
                tokenPosition(json, ordinal < resolved.size() ? resolved.get(ordinal).tokenPosition() : -1);
            } else if (node instanceof Group group) {
                json.writeStringField("type", "group");
                span(json, "span", group.span());
                json.writeFieldName("members");
                nodes(group.members());
            } else if (node instanceof TaskBlock task) {
                json.writeStringField("type", "task");
                span(json, "span", task.span());
                json.writeStringField("content", task.content());
            }
            json.writeEndObject();
        }
    }

    private static void references(JsonGenerator json, List<ResolvedReference> references) throws IOException {
        json.writeStartArray();
        for (ResolvedReference reference : references) {
            json.writeStartObject();
            json.writeNumberField("ordinal", reference.ordinal());
            index(json, reference.index());
            stringArray(json, "units", reference.units());
            if (reference.hasUnit()) {
                json.writeNumberField("unitOrdinal", reference.unitOrdinal());
            } else {
                json.writeNullField("unitOrdinal");
            }
            json.writeArrayFieldStart("phrasePath");
            for (int ordinal : reference.phrasePath()) {
                json.writeNumber(ordinal);
            }
            json.writeEndArray();
            if (reference.phrase().isPresent()) {
                json.writeStringField("phrase", reference.phrase().get().plainText());
            } else {
                json.writeNullField("phrase");
            }
            tokenPosition(json, reference.tokenPosition());
            span(json, "span", reference.span());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void plainText(JsonGenerator json, PlainText plain) throws IOException {
        json.writeStartObject();
        json.writeStringField("text", plain.text());
        json.writeArrayFieldStart("phrases");
        for (PhraseSpan phrase : plain.phrases()) {
            json.writeStartObject();
            json.writeNumberField("ordinal", phrase.ordinal());
            json.writeNumberField("depth", phrase.depth());
            json.writeNumberField("start", phrase.start());
            json.writeNumberField("end", phrase.end());
            json.writeStringField("text", plain.textOf(phrase));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void diagnostics(JsonGenerator json, List<Diagnostic> diagnostics) throws IOException {
        json.writeStartArray();
        for (Diagnostic diagnostic : diagnostics) {
            json.writeStartObject();
            json.writeStringField("code", diagnostic.code().name());
            json.writeStringField("message", diagnostic.message());
            json.writeNumberField("line", diagnostic.line());
            json.writeNumberField("column", diagnostic.column());
            span(json, "span", diagnostic.span());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void span(JsonGenerator json, String name, Span span) throws IOException {
        if (!span.isKnown()) {
            json.writeNullField(name);
            return;
        }
        // [start, end): compact, and the pretty printer keeps it on one line
        json.writeArrayFieldStart(name);
        json.writeNumber(span.start());
        json.writeNumber(span.end());
        json.writeEndArray();
    }

    private static void index(JsonGenerator json, int index) throws IOException {
        if (index == Reference.NO_INDEX) {
            json.writeNullField("index");
        } else {
            json.writeNumberField("index", index);
        }
    }

    private static void tokenPosition(JsonGenerator json, int position) throws IOException {
        if (position < 0) {
            json.writeNullField("tokenPosition");
        } else {
            json.writeNumberField("tokenPosition", position);
        }
    }

    private static void stringArray(JsonGenerator json, String name, List<String> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
