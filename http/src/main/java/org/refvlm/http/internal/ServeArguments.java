package org.refvlm.http.internal;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line of {@code serve}; {@link #call} hands the parsed arguments to the shell command's work. */
@Command(name = "serve", sortOptions = false,
        description = {"Serves the HTTP API and the web page (docs/http-api.md) until the process is stopped: makes sure "
                + "a model is loaded, listens on this machine only unless told otherwise, and prints the administration "
                + "token the first time it is made."})
final class ServeArguments implements Callable<Integer> {

    /** What {@code serve} does with its arguments. */
    @FunctionalInterface
    interface Work {
        int run(ServeArguments arguments) throws Exception;
    }

    @Option(names = "--model", paramLabel = "DIR",
            description = "make DIR the platform's model first (default: the configured model, else the default one)")
    Path model;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "TCP port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "address to listen on (default ${DEFAULT-VALUE}: this machine only)")
    String host;

    @Option(names = "--background", description = "return to the shell while serving (default: serve until stopped)")
    boolean background;

    /** The generation batch to set; null leaves the pipeline's setting as it is. */
    Integer generationBatch;

    @Option(names = "--generation-batch", paramLabel = "N", description = "run the greedy generations of up to N "
            + "concurrent requests as one batch, and answer at least N requests at once (answers then equal one-by-one "
            + "answers to float32 rounding, not bit for bit; 1 turns it off; default: as configured, off)")
    void generationBatch(int n) {
        if (n < 1) {
            throw new picocli.CommandLine.TypeConversionException("--generation-batch must be at least 1, got " + n);
        }
        generationBatch = n;
    }

    private final Work work;

    ServeArguments(Work work) {
        this.work = work;
    }

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--port must be 1 to 65535, got " + port);
        }
        return work.run(this);
    }
}
