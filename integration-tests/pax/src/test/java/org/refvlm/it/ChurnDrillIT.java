package org.refvlm.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.core.pipeline.ModelFolder;
import org.refvlm.core.pipeline.PipelineSettings;
import org.refvlm.core.pipeline.Preprocessing;
import org.refvlm.it.ApiClient.Form;
import org.refvlm.it.ApiClient.Reply;
import org.refvlm.tensor.TensorRuntime;
import org.refvlm.trainer.RandomModel;
import org.refvlm.trainer.RandomModelSpec;

/**
 * The platform's central promise under load: while four clients ask continuously over HTTP, an
 * administrator installs, starts, stops, updates and uninstalls decoder bundles and pins and
 * unpins units 200 times through the same API. No request hangs or fails; every referred object is
 * decoded or carries its own problem (one test decoder stops its own bundle mid-request); and the
 * framework's bundle and service counts return to where they started.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class) // DJL natives bind to one class loader per JVM: one framework per class
public class ChurnDrillIT {

    private static final int OPERATIONS = 200;
    private static final int CLIENTS = 4;
    /** A hang, not a slow machine: the drill takes well under a minute here. */
    private static final long DRILL_LIMIT_MS = 120_000;
    private static final String ANSWER =
            "<Phrase>square</Phrase>(<Unit>box</Unit>[0]<REF>[1]<REF>) near <Phrase>circle</Phrase>(<Unit>mask</Unit>[0]<REF>)";

    @Inject
    private BundleContext context;

    @Inject
    private DecoderRegistry registry;

    @Inject
    private TensorRuntime tensors;

    @Configuration
    public Option[] config() throws Exception {
        Path state = PlatformOptions.workDir("churn").resolve("state");
        RunningPlatform.deleteTree(state);
        List<Option> options = new ArrayList<>(List.of(PlatformOptions.platform("churn")));
        options.add(systemProperty("refvlm.state").value(state.toString()));
        return options.toArray(Option[]::new);
    }

    /** What the drill saw, for its assertions and its report. */
    private static final class Tally {
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger decoded = new AtomicInteger();
        final AtomicInteger spoiled = new AtomicInteger();
        final Queue<String> failures = new ConcurrentLinkedQueue<>();
        /** Why objects were spoiled: the start of their error, counted. */
        final Map<String, Integer> reasons = new java.util.concurrent.ConcurrentSkipListMap<>();
        final Map<String, Integer> operations = new TreeMap<>();
    }

    @Test
    public void decodersComeAndGoUnderConcurrentLoad() throws Exception {
        Path model = PlatformOptions.workDir("churn").resolve("random-model");
        RunningPlatform.deleteTree(model);
        RandomModel.write(model, RandomModelSpec.tiny(5), tensors.device());
        PipelineSettings d = PipelineSettings.defaults();
        new ModelFolder("churn-random", d.template(), 64, d.gridSide(), d.temperature(), List.of(),
                Preprocessing.SHAPES_TINY).write(model);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        new RunningPlatform(context).shell("refvlm:serve --background --port " + port + " --model", model);
        String token = Files.readString(Path.of(System.getProperty("refvlm.state")).resolve("http-token")).trim();
        ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + port + "/"), token);

        int bundlesAtStart = context.getBundles().length;
        int servicesAtStart = services();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(TestPictures.square(12, 8).toBufferedImage(), "png", png);
        byte[] picture = png.toByteArray();

        Tally tally = new Tally();
        AtomicBoolean churning = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long start = System.currentTimeMillis();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                int n = 0;
                while (churning.get()) {
                    Form form = new Form().file("image", "square.png", picture)
                            .field("prompt", "Which shapes touch <region>?")
                            .field("prompts", "[{\"type\":\"box\",\"x0\":10,\"y0\":6,\"x1\":40,\"y1\":34}]");
                    // Most clients read a given answer (every unit is referred); one in four also generates.
                    form = (client + n++) % 4 == 0 ? form.field("max_tokens", "12") : form.field("answer", ANSWER);
                    check(api.ask(form), tally);
                }
                return null;
            }));
        }

        Random random = new Random(20);
        Map<Long, String> ours = new LinkedHashMap<>();   // bundle id -> which test jar it holds
        for (int i = 0; i < OPERATIONS; i++) {
            operate(api, random, ours, tally);
        }
        for (Long id : new ArrayList<>(ours.keySet())) {
            expect(api.admin("DELETE", "/api/bundles/" + id), tally, "uninstall", 200);
        }
        for (String unit : new ArrayList<>(registry.pins().keySet())) {
            expect(api.admin("DELETE", "/api/decoders/pins/" + unit), tally, "unpin", 200);
        }
        churning.set(false);
        for (Future<?> f : running) {
            f.get(DRILL_LIMIT_MS, TimeUnit.MILLISECONDS);
        }
        clients.shutdown();
        long took = System.currentTimeMillis() - start;

        Await.until("the bundle and service counts return", 10_000,
                () -> context.getBundles().length == bundlesAtStart && services() == servicesAtStart);
        System.out.printf("churn drill: %d operations %s, %d requests by %d clients (%d objects decoded, %d spoiled: %s) "
                + "in %.1f s%n", tally.operations.values().stream().mapToInt(Integer::intValue).sum(), tally.operations,
                tally.requests.get(), CLIENTS, tally.decoded.get(), tally.spoiled.get(), tally.reasons, took / 1000.0);
        assertTrue(String.join("\n", tally.failures), tally.failures.isEmpty());
        assertTrue("the drill finished in " + took + " ms", took < DRILL_LIMIT_MS);
        assertTrue(tally.operations.toString(), tally.operations.keySet().containsAll(
                List.of("install", "start", "stop", "update", "uninstall", "pin", "unpin")));
        assertTrue("requests were served during the churn: " + tally.requests, tally.requests.get() >= 2 * CLIENTS);
        assertTrue("some objects were decoded", tally.decoded.get() > 0);
        assertTrue("some objects carried their decoder's problem", tally.spoiled.get() > 0);
        assertEquals(bundlesAtStart, context.getBundles().length);
    }

    private int services() {
        try {
            ServiceReference<?>[] all = context.getAllServiceReferences(null, null);
            return all == null ? 0 : all.length;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A reply is good when it is 200 and each object is decoded or names its problem. */
    private static void check(Reply r, Tally tally) {
        tally.requests.incrementAndGet();
        if (r.status() != 200) {
            tally.failures.add("HTTP " + r.status() + ": " + r.body());
            return;
        }
        JsonNode body = r.json();
        String problems = body.path("problems").toString();
        for (JsonNode o : body.path("objects")) {
            boolean decoded = o.has("box") || o.has("mask");
            String error = o.path("error").asText("");
            if (decoded == !error.isEmpty()) {
                tally.failures.add("an object neither decoded nor failed (or both): " + o);
            } else if (decoded) {
                tally.decoded.incrementAndGet();
            } else if (!problems.contains(error.substring(0, Math.min(40, error.length())))) {
                tally.failures.add("a failed object's problem is not among the problems: " + r.body());
            } else {
                tally.spoiled.incrementAndGet();
                tally.reasons.merge(error.replaceAll("[:(].*", "").trim(), 1, Integer::sum);
            }
        }
    }

    private static final List<String> JARS = List.of("alpha", "beta", "leaving");

    private static Path jar(String name) {
        return switch (name) {
            case "alpha" -> PlatformOptions.alphaJar().toPath();
            case "beta" -> PlatformOptions.betaJar().toPath();
            default -> PlatformOptions.leavingJar().toPath();
        };
    }

    /** One administrator's operation chosen at random among those that make sense now. */
    private static void operate(ApiClient api, Random random, Map<Long, String> ours, Tally tally) throws Exception {
        List<String> free = JARS.stream().filter(j -> !ours.containsValue(j)).toList();
        List<Long> ids = new ArrayList<>(ours.keySet());
        int kind = random.nextInt(7);
        if (ids.isEmpty() || (kind == 0 && !free.isEmpty())) {
            String name = free.get(random.nextInt(free.size()));
            Reply r = expect(api.admin("POST", "/api/bundles", BodyPublishers.ofByteArray(Files.readAllBytes(jar(name)))),
                    tally, "install", 201);
            ours.put(r.json().path("id").asLong(), name);
            return;
        }
        long id = ids.get(random.nextInt(ids.size()));
        switch (kind) {
            case 1 -> expect(api.admin("POST", "/api/bundles/" + id + "/stop"), tally, "stop", 200);
            case 2 -> expect(api.admin("POST", "/api/bundles/" + id + "/start"), tally, "start", 200);
            case 3 -> {
                if (free.isEmpty()) {
                    expect(api.admin("POST", "/api/bundles/" + id + "/start"), tally, "start", 200);
                } else {
                    String name = free.get(random.nextInt(free.size()));
                    expect(api.admin("PUT", "/api/bundles/" + id, BodyPublishers.ofByteArray(Files.readAllBytes(jar(name)))),
                            tally, "update", 200);
                    ours.put(id, name);
                }
            }
            case 4 -> {
                expect(api.admin("DELETE", "/api/bundles/" + id), tally, "uninstall", 200);
                ours.remove(id);
            }
            case 5 -> {
                // the decoder may be stopped right now: then the API says so (404) and nothing changes
                String decoder = random.nextBoolean() ? "alpha-box" : "beta-box";
                expect(api.admin("PUT", "/api/decoders/pins/box", BodyPublishers.ofString(decoder)), tally, "pin", 200, 404);
            }
            default -> expect(api.admin("DELETE", "/api/decoders/pins/box"), tally, "unpin", 200, 404);
        }
    }

    private static Reply expect(Reply r, Tally tally, String operation, int... statuses) {
        tally.operations.merge(operation, 1, Integer::sum);
        for (int s : statuses) {
            if (r.status() == s) {
                return r;
            }
        }
        throw new AssertionError(operation + " answered " + r.status() + ": " + r.body());
    }
}
