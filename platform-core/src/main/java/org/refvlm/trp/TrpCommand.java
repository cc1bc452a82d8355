package org.refvlm.trp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.refvlm.cli.CommandLines;
import org.refvlm.trp.internal.TrpArguments;

/**
 * The {@code trp} command: parses TRP text and prints its tree as JSON. Plain Java with no
 * framework, so that the OSGi shell command ({@code refvlm:trp}) and {@code bin/refvlm trp} can
 * both wrap {@link #run}.
 *
 * <pre>
 * trp [--lenient] [--tokens] [--units LIST] &lt;file | -&gt;
 * </pre>
 */
public final class TrpCommand {

    /** The input is well formed, or {@code --lenient} was given and the input could be read. */
    public static final int OK = 0;
    /** The input has problems (strict mode); they are on standard error. */
    public static final int NOT_WELL_FORMED = 1;
    /** Bad arguments or unreadable input. */
    public static final int USAGE = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Units the installed decoders handle, or null when unknown (the command does not check). */
    private final Predicate<String> installedUnits;

    /** A command that checks units only when {@code --units} is given. */
    public TrpCommand() {
        this(null);
    }

    /**
     * A command that reports units for which {@code installedUnits} is false, as the platform
     * does with the decoders it has; {@code --units} overrides it.
     */
    public TrpCommand(Predicate<String> installedUnits) {
        this.installedUnits = installedUnits;
    }

    /**
     * Runs the command.
     *
     * @return {@link #OK}, {@link #NOT_WELL_FORMED} or {@link #USAGE}
     */
    public int run(List<String> args, InputStream stdin, PrintStream out, PrintStream err) {
        return CommandLines.run(new TrpArguments(options -> run(options, stdin, out, err)), args, out, err);
    }

    private int run(TrpArguments options, InputStream stdin, PrintStream out, PrintStream err) {
        if (options.installed) {
            err.println("trp: --installed needs the running platform (bin/refvlm trp or the refvlm shell)");
            return USAGE;
        }
        String text;
        try {
            text = read(options.input, stdin);
        } catch (IOException e) {
            err.println("trp: cannot read " + options.input + ": " + e);
            return USAGE;
        }
        TrpParser.Builder settings = TrpParser.builder().mode(ParseMode.LENIENT);
        if (options.units != null) {
            settings.installedUnits(options.units);
        } else if (installedUnits != null) {
            settings.installedUnits(installedUnits);
        }
        TrpParser parser = settings.build();
        ParseResult result;
        if (options.tokens) {
            List<String> tokens;
            try {
                tokens = tokens(text);
            } catch (IllegalArgumentException e) {
                err.println("trp: " + options.input + ": " + e.getMessage());
                return USAGE;
            }
            TrpStreamParser stream = parser.stream(TrpListener.NONE);
            for (int i = 0; i < tokens.size(); i++) {
                stream.feed(tokens.get(i), i);
            }
            result = stream.finish();
        } else {
            result = parser.parse(text);
        }
        try {
            TrpJsonWriter.pretty().write(result, out);
        } catch (IOException e) {
            err.println("trp: cannot write the result: " + e);
            return USAGE;
        }
        out.flush();
        String name = options.input.equals("-") ? "<stdin>" : options.input;
        for (Diagnostic diagnostic : result.diagnostics()) {
            err.println(name + ":" + diagnostic);
        }
        if (options.lenient || result.isWellFormed()) {
            return OK;
        }
        err.println("trp: " + name + " is not well formed: " + result.diagnostics().size()
                + (result.diagnostics().size() == 1 ? " problem" : " problems"));
        return NOT_WELL_FORMED;
    }

    private static String read(String input, InputStream stdin) throws IOException {
        byte[] bytes = input.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(input));
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<String> tokens(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--tokens input is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("--tokens input must be a JSON array of strings");
        }
        List<String> tokens = new ArrayList<>(root.size());
        for (JsonNode token : root) {
            if (!token.isTextual()) {
                throw new IllegalArgumentException("--tokens input must be a JSON array of strings, found " + token);
            }
            tokens.add(token.textValue());
        }
        return tokens;
    }
}
