package org.refvlm.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Streams samples from a JSON Lines file, one record in memory at a time. Every record is parsed and
 * validated; a bad one is logged, handed to the problem listener with its file and line, counted and skipped.
 * Blank lines are ignored.
 */
public final class SampleReader implements Iterator<Sample>, Iterable<Sample>, Closeable {
    /** Largest accepted record; masks of 4k images stay well below it. */
    public static final int DEFAULT_MAX_LINE_CHARS = 32 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(SampleReader.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BoundedLineReader lines;
    private final String fileName;
    private final SampleValidator validator;
    private final Consumer<SampleProblem> problemListener;
    private long lineNumber;
    private long samples;
    private long problems;
    private Sample next;
    private boolean done;

    /**
     * @param validator       semantic checks to run on each record, or null for format checks only
     * @param problemListener receives every skipped record; may be null (problems are still logged and counted)
     */
    public SampleReader(Reader in, String fileName, SampleValidator validator, Consumer<SampleProblem> problemListener) {
        this(in, fileName, validator, problemListener, DEFAULT_MAX_LINE_CHARS);
    }

    public SampleReader(Reader in, String fileName, SampleValidator validator, Consumer<SampleProblem> problemListener,
                        int maxLineChars) {
        this.lines = new BoundedLineReader(in, maxLineChars);
        this.fileName = fileName;
        this.validator = validator;
        this.problemListener = problemListener;
    }

    /** Opens a file; relative image paths are validated against the file's folder when checkFiles is set. */
    public static SampleReader open(Path file, boolean checkFiles, Consumer<SampleProblem> problemListener) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        return new SampleReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString(),
                new SampleValidator(checkFiles ? folder : null), problemListener);
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                advance();
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + fileName + " after line " + lineNumber, e);
            }
        }
        return next != null;
    }

    @Override
    public Sample next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Sample s = next;
        next = null;
        return s;
    }

    @Override
    public Iterator<Sample> iterator() {
        return this;
    }

    private void advance() throws IOException {
        String line;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            if (line == BoundedLineReader.TOO_LONG) {
                problem("record longer than the limit of characters per line");
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            Sample s;
            try {
                JsonNode node = MAPPER.readTree(line);
                s = SampleJson.read(node);
            } catch (JsonProcessingException e) {
                problem("not JSON: " + e.getOriginalMessage());
                continue;
            } catch (SampleFormatException e) {
                problem(e.getMessage());
                continue;
            }
            if (validator != null) {
                List<String> found = validator.validate(s);
                if (!found.isEmpty()) {
                    problem("sample " + s.id() + ": " + String.join("; ", found));
                    continue;
                }
            }
            samples++;
            next = s;
            return;
        }
        done = true;
    }

    private void problem(String message) {
        problems++;
        SampleProblem p = new SampleProblem(fileName, lineNumber, message);
        LOG.warn("skipping record {}", p);
        if (problemListener != null) {
            problemListener.accept(p);
        }
    }

    /** Samples returned so far. */
    public long samplesRead() {
        return samples;
    }

    /** Records skipped so far. */
    public long problemCount() {
        return problems;
    }

    public long linesRead() {
        return lineNumber;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
