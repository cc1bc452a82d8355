package org.refvlm.http.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.api.RefVlm;
import org.refvlm.api.Request;
import org.refvlm.api.Response;
import org.refvlm.api.RgbImage;
import org.refvlm.api.TaskCommand;
import org.refvlm.api.cli.CliCommands;
import org.refvlm.cli.CommandLines;
import org.refvlm.api.model.GenerationOptions;
import org.refvlm.core.pipeline.ModelActivation;
import org.refvlm.core.pipeline.ResponseJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shell command {@code refvlm:serve-bench}: the HTTP API's throughput and latency at several
 * concurrencies against the same requests answered one by one in process (the baseline, measured
 * in the same run), checking every HTTP answer against the in-process one; then the process's
 * memory after a few requests and after many, which stays flat when no request leaks.
 */
@Component(service = ServeBenchCommand.class, immediate = true,
        property = {"osgi.command.scope=refvlm", "osgi.command.function=serve-bench"})
public final class ServeBenchCommand {

    private static final Logger LOG = LoggerFactory.getLogger(ServeBenchCommand.class);

    private static final String[] PROMPTS = {
        "Find the yellow circle and give its bounding box.", "Find the red square.",
        "Where is the blue triangle?", "Segment the green circle."};
    private static final GenerationOptions OPTIONS = new GenerationOptions(256, 0, 40, 0.75, 0, Set.of());

    @Reference
    private HttpServerSwitch server;

    @Reference
    private ConfigurationAdmin configAdmin;

    @Reference
    private HttpApi api;

    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    private record Ask(String prompt, String task) {
    }

    /** Gogo calls {@code _main} for a function whose name (with its hyphen) no method can have. */
    @Descriptor("measure the HTTP API's throughput and memory: serve-bench [--requests N] [--concurrency 1,4,8]")
    public void _main(CommandSession session, @Descriptor("see 'serve-bench --help'") String... all) throws Exception {
        // Gogo passes the function's name first when it calls _main
        List<String> args = List.of(all);
        if (!args.isEmpty() && args.get(0).endsWith("serve-bench")) {
            args = args.subList(1, args.size());
        }
        PrintStream out = session.getConsole();
        CliCommands.invoke((a, in, o, e) -> CommandLines.run(new ServeBenchArguments(arguments -> bench(arguments, o)), a, o, e),
                args, session.getKeyboard(), out, System.err);
    }

    private int bench(ServeBenchArguments arguments, PrintStream out) throws Exception {
        Path model = arguments.model;
        Path imageFile = arguments.image;
        int n = arguments.requests;
        int memoryRequests = arguments.memoryRequests;
        List<Integer> concurrency = arguments.concurrency;
        ModelActivation models = new ModelActivation(configAdmin);
        java.util.Optional<Path> loaded = models.useOrDefault(model, dir -> out.println("using the default model " + dir));
        RefVlm refvlm = ModelActivation.await(context, Duration.ofMinutes(3), loaded.orElse(null));
        byte[] picture = imageFile != null ? Files.readAllBytes(imageFile) : sample();
        RgbImage image = RgbImage.of(ImageIO.read(new ByteArrayInputStream(picture)));
        List<Ask> asks = new ArrayList<>();
        for (String p : PROMPTS) {
            asks.add(new Ask(p, "grounding_detection"));
            asks.add(new Ask(p, "grounding_segmentation"));
        }

        // What each request must answer: the same request answered in this process.
        List<JsonNode> expected = new ArrayList<>();
        for (Ask a : asks) {
            expected.add(JsonReplies.JSON.readTree(ResponseJson.write(answer(refvlm, image, a))));
        }
        int served = asks.size();

        server.on("127.0.0.1", HttpServerSwitch.freePort());
        try {
            URI ask = URI.create(server.awaitEndpoint(30_000)).resolve("/api/ask");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            // Memory early on, before the measurements below add their requests.
            send(http, ask, picture, asks, expected, 10, 4);
            served += 10;
            Memory early = Memory.now();
            int earlyServed = served;

            // The baseline: the same requests answered one by one in this process.
            List<Long> latencies = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                answer(refvlm, image, asks.get(i % asks.size()));
                latencies.add(System.nanoTime() - t);
            }
            Timings baseline = Timings.of(latencies, System.nanoTime() - start);
            served += n;
            out.printf("%d requests per row (%d different ones, greedy, up to %d new tokens); the API answers %d at a time%n",
                    n, asks.size(), OPTIONS.maxNewTokens(), api.concurrentRequests());
            out.printf("%-22s %9s %9s %9s %12s%n", "", "req/s", "p50 ms", "p95 ms", "vs baseline");
            row(out, "in process, one by one", baseline, baseline);
            for (int c : concurrency) {
                row(out, "HTTP, " + c + " client" + (c > 1 ? "s" : ""), send(http, ask, picture, asks, expected, n, c), baseline);
                served += n;
            }
            if (arguments.generationBatch > 1) {
                batching(out, image, asks, expected, n, concurrency, arguments.generationBatch, baseline);
                served += 2 * n * concurrency.size();
            }
            if (memoryRequests > 0) {
                // Readings on the way show whether memory keeps growing (a leak) or levels off (warm-up).
                out.printf("%-22s %14s %14s %14s %16s%n", "memory after", "resident", "heap committed", "heap in use",
                        "resident - heap");
                memoryRow(out, earlyServed, early);
                for (int mark : new int[] {250, 500, 1000, 2000, 5000, memoryRequests}) {
                    if (mark > served && mark <= memoryRequests) {
                        send(http, ask, picture, asks, expected, mark - served, 4);
                        served = mark;
                        memoryRow(out, served, Memory.now());
                    }
                }
            }
        } finally {
            server.off();
        }
        return 0;
    }

    /**
     * The pipeline with its generation batching off and then at {@code rows}, requests sent from
     * {@code clients} threads in this process (the HTTP API's own limit on concurrent requests left
     * out); how many answers equal the one-by-one ones is counted, not required. The pipeline's
     * configuration is restored afterwards.
     */
    private void batching(PrintStream out, RgbImage image, List<Ask> asks, List<JsonNode> expected, int n,
            List<Integer> clients, int rows, Timings baseline) throws Exception {
        ModelActivation models = new ModelActivation(configAdmin);
        Configuration pipeline = configAdmin.getConfiguration("org.refvlm.pipeline", "?");
        Dictionary<String, Object> before = pipeline.getProperties();
        out.printf("generation batching, in process (%d-row batches):%n", rows);
        try {
            for (int batch : new int[] {1, rows}) {
                long old = serviceId();
                RefVlm refvlm = models.generationBatch(batch) ? reloaded(old)
                        : ModelActivation.await(context, Duration.ofMinutes(3));
                for (int c : clients) {
                    AtomicInteger identical = new AtomicInteger();
                    AtomicInteger close = new AtomicInteger();
                    Timings t = inProcess(refvlm, image, asks, expected, n, c, identical, close);
                    out.printf("%-22s %9.2f %9.1f %9.1f %11.2fx   as one by one: %d/%d identical, %d/%d to 0.01%n",
                            (batch > 1 ? "batched, " : "alone, ") + c + " thread" + (c > 1 ? "s" : ""),
                            t.requestsPerSecond(), t.percentileMillis(50), t.percentileMillis(95),
                            t.requestsPerSecond() / baseline.requestsPerSecond(), identical.get(), n, close.get(), n);
                }
            }
        } finally {
            long old = serviceId();
            if (pipeline.updateIfDifferent(before)) {
                reloaded(old);
            }
        }
    }

    private long serviceId() {
        ServiceReference<RefVlm> ref = context.getServiceReference(RefVlm.class);
        return ref == null ? -1 : (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    /** The request pipeline registered after the one with service id {@code old}. */
    private RefVlm reloaded(long old) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < end) {
            ServiceReference<RefVlm> ref = context.getServiceReference(RefVlm.class);
            if (ref != null && (Long) ref.getProperty(Constants.SERVICE_ID) != old) {
                RefVlm service = context.getService(ref);
                if (service != null) {
                    return service;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the request pipeline did not reload within 3 minutes (see var/refvlm.log)");
    }

    /**
     * {@code n} requests from {@code clients} threads straight to the pipeline, counting the answers
     * identical to the one-by-one ones and those equal but for numbers within 0.01 (scores, box
     * corners in pixels; texts and mask encodings exactly).
     */
    private static Timings inProcess(RefVlm refvlm, RgbImage image, List<Ask> asks, List<JsonNode> expected, int n,
            int clients, AtomicInteger identical, AtomicInteger close) throws Exception {
        return timed(n, clients, k -> answer(refvlm, image, asks.get(k)), (k, r) -> {
            JsonNode got = JsonReplies.JSON.readTree(ResponseJson.write(r));
            if (got.equals(expected.get(k))) {
                identical.incrementAndGet();
            }
            String difference = difference(expected.get(k), got, "");
            if (difference == null) {
                close.incrementAndGet();
            } else {
                LOG.info("request {} ({}, {}) differs from one by one beyond 0.01: {}", k,
                        asks.get(k).prompt(), asks.get(k).task(), difference);
            }
        }, asks.size());
    }

    /** Where two answers first differ, numbers (pixels, scores) compared to 0.01; null when nowhere. */
    static String difference(JsonNode want, JsonNode got, String path) {
        if (want.isNumber() && got.isNumber()) {
            return Math.abs(want.asDouble() - got.asDouble()) <= 0.01 ? null
                    : path + ": " + want.asText() + " vs " + got.asText();
        }
        if (want.isContainerNode() && got.isContainerNode() && want.size() == got.size()
                && want.isArray() == got.isArray()) {
            if (want.isArray()) {
                for (int i = 0; i < want.size(); i++) {
                    String d = difference(want.get(i), got.get(i), path + "[" + i + "]");
                    if (d != null) {
                        return d;
                    }
                }
                return null;
            }
            for (java.util.Iterator<String> names = want.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!got.has(name)) {
                    return path + "." + name + ": missing";
                }
                String d = difference(want.get(name), got.get(name), path + "." + name);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return want.equals(got) ? null : path + ": " + want + " vs " + got;
    }

    private static void memoryRow(PrintStream out, int requests, Memory m) {
        out.printf("%-22s %14s %14s %14s %16s%n", requests + " requests", mib(m.resident()), mib(m.heapCommitted()),
                mib(m.heapUsed()), m.resident() < 0 ? "n/a" : mib(m.resident() - m.heapCommitted()));
    }

    /**
     * Resident set (from /proc, so native tensors count), and the heap the JVM has committed and
     * uses after a collection: resident minus committed heap is what native memory (tensors, code,
     * threads) can account for, where a native leak would show.
     */
    private record Memory(long resident, long heapCommitted, long heapUsed) {
        static Memory now() throws IOException {
            System.gc();
            Runtime rt = Runtime.getRuntime();
            long resident = -1;
            Path status = Path.of("/proc/self/status");
            if (Files.isReadable(status)) {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        resident = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                    }
                }
            }
            return new Memory(resident, rt.totalMemory(), rt.totalMemory() - rt.freeMemory());
        }
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%.1f MiB", bytes / 1048576.0);
    }

    private static void row(PrintStream out, String name, Timings t, Timings baseline) {
        out.printf("%-22s %9.2f %9.1f %9.1f %11.2fx%n", name, t.requestsPerSecond(), t.percentileMillis(50),
                t.percentileMillis(95), t.requestsPerSecond() / baseline.requestsPerSecond());
    }

    private static Response answer(RefVlm refvlm, RgbImage image, Ask a) {
        return refvlm.answer(Request.builder(image, a.prompt()).task(TaskCommand.named(a.task()).orElseThrow()).build(),
                OPTIONS);
    }

    /** {@code n} requests from {@code clients} threads; each answer must be the in-process one. */
    private static Timings send(HttpClient http, URI ask, byte[] picture, List<Ask> asks, List<JsonNode> expected, int n,
            int clients) throws Exception {
        return timed(n, clients, k -> http.send(request(ask, picture, asks.get(k)), HttpResponse.BodyHandlers.ofString(UTF_8)),
                (k, r) -> {
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
                    }
                    if (!JsonReplies.JSON.readTree(r.body()).equals(expected.get(k))) {
                        throw new IllegalStateException("the HTTP answer to request " + k
                                + " differs from the in-process one: " + r.body());
                    }
                }, asks.size());
    }

    /** One request of a measurement: the {@code k}-th of the mix. */
    @FunctionalInterface
    private interface Sent<T> {
        T send(int k) throws Exception;
    }

    /** What is checked of a request's answer, outside its timing. */
    @FunctionalInterface
    private interface Checked<T> {
        void check(int k, T answer) throws Exception;
    }

    /**
     * {@code n} requests (request {@code i} is number {@code i % kinds} of the mix) from
     * {@code clients} threads; each request is timed alone, its check after it.
     */
    private static <T> Timings timed(int n, int clients, Sent<T> request, Checked<T> check, int kinds) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        int k = i % kinds;
                        long t = System.nanoTime();
                        T answer = request.send(k);
                        latencies.add(System.nanoTime() - t);
                        check.check(k, answer);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return Timings.of(latencies, System.nanoTime() - start);
    }

    private static HttpRequest request(URI ask, byte[] picture, Ask a) {
        String boundary = "bench-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"p.png\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        body.writeBytes(head.getBytes(UTF_8));
        body.writeBytes(picture);
        for (String[] field : new String[][] {{"prompt", a.prompt()}, {"task", a.task()}}) {
            body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n"
                    + field[1]).getBytes(UTF_8));
        }
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(UTF_8));
        return HttpRequest.newBuilder(ask).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }

    private static byte[] sample() throws IOException {
        try (InputStream in = ServeBenchCommand.class.getResourceAsStream("/web/samples/sample.png")) {
            if (in == null) {
                throw new IOException("the bundled sample picture is missing: give one with --image");
            }
            return in.readAllBytes();
        }
    }

}
