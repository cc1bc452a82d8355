package org.refvlm.http.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line of {@code serve-bench}. */
@Command(name = "serve-bench", sortOptions = false,
        description = {"Measures the HTTP API with the model: requests per second and p50/p95 latency at each "
                + "concurrency against the same requests answered one by one in process (the baseline, in the same "
                + "run), every HTTP answer checked against the in-process one; and the process's memory early on and "
                + "after --memory-requests requests."})
final class ServeBenchArguments implements Callable<Integer> {

    @FunctionalInterface
    interface Work {
        int run(ServeBenchArguments arguments) throws Exception;
    }

    @Option(names = "--model", paramLabel = "DIR", description = "make DIR the platform's model first")
    Path model;

    @Option(names = "--image", paramLabel = "FILE", description = "the picture every request asks about "
            + "(default: the page's sample picture)")
    Path image;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "48",
            description = "requests per measurement (default ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--concurrency", paramLabel = "C,C...", split = ",", defaultValue = "1,4,8",
            description = "HTTP clients sending at once, one measurement each (default ${DEFAULT-VALUE})")
    List<Integer> concurrency;

    @Option(names = "--memory-requests", paramLabel = "N", defaultValue = "1000",
            description = "requests served in all (in process and over HTTP) when memory is read the second time; "
                    + "the first reading comes after 10 HTTP requests (default ${DEFAULT-VALUE}; 0 skips it)")
    int memoryRequests;

    @Option(names = "--generation-batch", paramLabel = "N", defaultValue = "0",
            description = "also measure batched generation: each --concurrency in process, with the pipeline's "
                    + "generationBatch at 1 and then at N (restored afterwards); 0 skips it (default)")
    int generationBatch;

    private final Work work;

    ServeBenchArguments(Work work) {
        this.work = work;
    }

    @Override
    public Integer call() throws Exception {
        if (requests < 1) {
            throw new IllegalArgumentException("--requests must be at least 1, got " + requests);
        }
        if (concurrency.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("--concurrency takes client counts of at least 1, got " + concurrency);
        }
        if (generationBatch < 0 || generationBatch == 1) {
            throw new IllegalArgumentException("--generation-batch takes 0 (skip) or a batch of at least 2, got "
                    + generationBatch);
        }
        if (memoryRequests < 0) {
            throw new IllegalArgumentException("--memory-requests must be 0 or more, got " + memoryRequests);
        }
        return work.run(this);
    }
}
