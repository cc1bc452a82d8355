package org.refvlm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.refvlm.trp.ParseResult;
import org.refvlm.trp.TrpListener;
import org.refvlm.trp.TrpParser;
import org.refvlm.trp.TrpStreamParser;

/**
 * Parses about 1 MB of TRP answers per operation, whole-text and token by token. Divide the
 * corpus size ({@link #CORPUS_CHARACTERS}, one byte per character) by the time per operation to
 * get MB/s; {@link TrpBenchmarkMain} does that.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TrpParseBenchmark {

    public static final int CORPUS_CHARACTERS = 1 << 20;

    private List<String> answers;
    private List<String[]> tokenized;

    @Setup
    public void buildCorpus() {
        answers = TrpCorpus.answers(CORPUS_CHARACTERS, 42);
        tokenized = new ArrayList<>();
        for (String answer : answers) {
            tokenized.add(TrpCorpus.tokens(answer).toArray(String[]::new));
        }
        // the corpus must be valid TRP, or the benchmark would measure error handling
        for (String answer : answers) {
            TrpParser.strict().parse(answer);
        }
    }

    /** Each answer parsed as one string, as done on a finished answer or a training target. */
    @Benchmark
    public void wholeText(Blackhole sink) {
        TrpParser parser = TrpParser.lenient();
        for (String answer : answers) {
            sink.consume(parser.parse(answer));
        }
    }

    /** Each answer fed token by token, as done during generation. */
    @Benchmark
    public void streaming(Blackhole sink) {
        TrpParser parser = TrpParser.lenient();
        for (String[] tokens : tokenized) {
            TrpStreamParser stream = parser.stream(TrpListener.NONE);
            for (int i = 0; i < tokens.length; i++) {
                stream.feed(tokens[i], i);
            }
            ParseResult result = stream.finish();
            sink.consume(result);
        }
    }

    /** Size of the corpus actually built (at least {@link #CORPUS_CHARACTERS}). */
    public static long corpusCharacters() {
        long total = 0;
        for (String answer : TrpCorpus.answers(CORPUS_CHARACTERS, 42)) {
            total += answer.length();
        }
        return total;
    }
}
