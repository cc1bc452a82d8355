package org.refvlm.trp;

import java.util.Collection;
import java.util.Objects;
import java.util.function.Predicate;
import org.refvlm.trp.internal.ParserEngine;

/**
 * Parses TRP text. Instances are immutable and thread-safe; each call parses independently.
 *
 * <pre>{@code
 * ParseResult result = TrpParser.lenient().parse(modelOutput);
 * TrpDocument tree = TrpParser.strict().parse(trainingAnswer).document();
 * TrpParser parser = TrpParser.builder().mode(ParseMode.LENIENT).installedUnits(Set.of("box", "mask")).build();
 * TrpParser data = TrpParser.builder().installedUnits(Set.of("box", "mask")).trainingForm().build();
 * }</pre>
 */
public final class TrpParser {

    private static final TrpParser STRICT = new TrpParser(ParseMode.STRICT, TrpValidator.structural());
    private static final TrpParser LENIENT = new TrpParser(ParseMode.LENIENT, TrpValidator.structural());

    private final ParseMode mode;
    private final TrpValidator validator;

    private TrpParser(ParseMode mode, TrpValidator validator) {
        this.mode = mode;
        this.validator = validator;
    }

    /** Throws on any problem; does not check units against decoders. */
    public static TrpParser strict() {
        return STRICT;
    }

    /** Never throws; does not check units against decoders. */
    public static TrpParser lenient() {
        return LENIENT;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ParseMode mode() {
        return mode;
    }

    /**
     * Parses a whole text. Runs in time linear in its length.
     *
     * @return the tree, the problems and the resolved references (with token position -1)
     * @throws TrpSyntaxException in strict mode, when the text has any problem; it lists them all
     */
    public ParseResult parse(CharSequence text) {
        ParserEngine engine = new ParserEngine(TrpListener.NONE, validator);
        engine.feed(text, -1);
        ParseResult result = engine.finish();
        if (mode == ParseMode.STRICT && !result.isWellFormed()) {
            throw new TrpSyntaxException(result);
        }
        return result;
    }

    /** A streaming parser with this parser's settings, reporting to {@code listener}. */
    public TrpStreamParser stream(TrpListener listener) {
        return new TrpStreamParser(mode, validator, Objects.requireNonNull(listener, "listener"));
    }

    /** Settings of a {@link TrpParser}. */
    public static final class Builder {
        private ParseMode mode = ParseMode.STRICT;
        private TrpValidator validator = TrpValidator.structural();
        private boolean trainingForm;

        private Builder() {
        }

        public Builder mode(ParseMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Report units for which {@code handled} is false as {@link DiagnosticCode#UNKNOWN_UNIT}. */
        public Builder installedUnits(Predicate<String> handled) {
            this.validator = TrpValidator.forInstalledUnits(handled);
            return this;
        }

        /** Report units not in {@code units} as {@link DiagnosticCode#UNKNOWN_UNIT}. */
        public Builder installedUnits(Collection<String> units) {
            this.validator = TrpValidator.forInstalledUnits(units);
            return this;
        }

        /**
         * Hold the text to the form of training answers ({@link TrpValidator#withTrainingForm()}):
         * for data that teaches the model, not for what the model writes.
         */
        public Builder trainingForm() {
            this.trainingForm = true;
            return this;
        }

        public TrpParser build() {
            return new TrpParser(mode, trainingForm ? validator.withTrainingForm() : validator);
        }
    }
}
