package org.refvlm.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes samples as JSON Lines, one compact object per line. */
public final class SampleWriter implements Closeable, Flushable {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final Writer out;
    private final JsonGenerator gen;
    private long written;

    public SampleWriter(Writer out) throws IOException {
        this.out = out;
        this.gen = FACTORY.createGenerator(out);
        // the generator must not close or buffer past our newlines
        gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        gen.setRootValueSeparator(null);
    }

    public static SampleWriter create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        return new SampleWriter(w);
    }

    public void write(Sample s) throws IOException {
        SampleJson.write(s, gen);
        gen.flush();
        out.write('\n');
        written++;
    }

    public long written() {
        return written;
    }

    @Override
    public void flush() throws IOException {
        gen.flush();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        gen.close();
        out.close();
    }
}
