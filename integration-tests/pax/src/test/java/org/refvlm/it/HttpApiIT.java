package org.refvlm.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.refvlm.api.DecoderInfo;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.RefVlm;
import org.refvlm.api.Request;
import org.refvlm.api.RgbImage;
import org.refvlm.api.TaskCommand;
import org.refvlm.api.VisualPrompt;
import org.refvlm.api.CocoRle;
import org.refvlm.api.model.GenerationOptions;
import org.refvlm.core.pipeline.ResponseJson;
import org.refvlm.it.ApiClient.Form;
import org.refvlm.it.ApiClient.Reply;

/**
 * The HTTP API on the running platform with the default model, served by {@code refvlm:serve}:
 * every endpoint, the token rule, the bad inputs a client can send, and answers that are those of
 * the in-process pipeline whether requests come one by one or all at once.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class) // DJL natives bind to one class loader per JVM: one framework per class
public class HttpApiIT {

    private static final String PROMPT = "Find the yellow circle and give its bounding box.";
    private static ApiClient api;
    private static String token;
    private static String served;
    private static int port;

    @Inject
    private BundleContext context;

    @Inject
    private DecoderRegistry registry;

    @Configuration
    public Option[] config() throws Exception {
        Path state = PlatformOptions.workDir("http").resolve("state");
        RunningPlatform.deleteTree(state);
        List<Option> options = new ArrayList<>(List.of(PlatformOptions.platform("http")));
        options.add(systemProperty("refvlm.state").value(state.toString()));
        return options.toArray(Option[]::new);
    }

    @Before
    public void serveOnce() throws Exception {
        if (api != null) {
            return;
        }
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        served = new RunningPlatform(context).shell("refvlm:serve --background --port " + port + " --model",
                PlatformOptions.required("refvlm.it.model"));
        token = Files.readString(Path.of(System.getProperty("refvlm.state")).resolve("http-token")).trim();
        api = new ApiClient(URI.create("http://127.0.0.1:" + port + "/"), token);
    }

    private static byte[] sample() throws Exception {
        return Files.readAllBytes(Path.of(PlatformOptions.required("refvlm.it.sample")));
    }

    private RefVlm pipeline() {
        return context.getService(context.getServiceReference(RefVlm.class));
    }

    @Test
    public void serveSaysWhereAndShowsTheGeneratedTokenOnce() {
        assertTrue(served, served.contains("serving the refvlm API and page at http://127.0.0.1:" + port + "/ (this machine only)"));
        assertTrue(served, served.contains("administration token (written to ") && served.contains(token));
    }

    @Test
    public void thePageAndItsFilesAreServed() throws Exception {
        Reply root = api.get("/");
        assertEquals(302, root.status());
        Reply page = api.get("/index.html");
        assertEquals(200, page.status());
        assertTrue(page.body(), page.body().contains("<svg") && page.body().contains("app.js"));
        assertFalse("no external scripts or styles", page.body().matches("(?s).*(src|href)=\"https?:.*"));
        assertEquals(200, api.get("/app.js").status());
        assertEquals(200, api.get("/style.css").status());
        assertEquals(200, api.get("/samples/sample.png").status());
        assertEquals(404, api.get("/samples/nothing.png").status());
        assertEquals(404, api.get("/samples/../http-token").status());
    }

    @Test
    public void statusNamesTheFrameworkTheModelAndTheUnits() throws Exception {
        Reply r = api.get("/api/status");
        assertEquals(r.body(), 200, r.status());
        JsonNode s = r.json();
        assertTrue(r.body(), s.path("framework").asText().startsWith("org.apache.felix.framework"));
        assertTrue(r.body(), s.path("model").asBoolean());
        assertEquals(r.body(), context.getBundles().length, s.path("bundles").path("total").asInt());
        assertTrue(r.body(), s.path("services").asInt() > 10);
        assertEquals(r.body(), "[\"box\",\"depth\",\"keypoint\",\"mask\"]", s.path("units").toString()); // the default model's decoders
        assertEquals(r.body(), "PyTorch", s.path("engine").path("name").asText());
        assertTrue(r.body(), s.path("tasks").toString().contains("grounding_detection"));
    }

    @Test
    public void askAnswersAsThePipelineDoesInProcess() throws Exception {
        Reply r = api.ask(new Form().file("image", "sample.png", sample()).field("prompt", PROMPT)
                .field("task", "grounding_detection"));
        assertEquals(r.body(), 200, r.status());
        Request request = Request.builder(RgbImage.of(ImageIO.read(new ByteArrayInputStream(sample()))), PROMPT)
                .task(TaskCommand.named("grounding_detection").orElseThrow()).build();
        String inProcess = ResponseJson.write(pipeline().answer(request, new GenerationOptions(256, 0, 40, 0.75, 0, Set.of())));
        assertEquals(ApiClient.JSON.readTree(inProcess), r.json());
        JsonNode objects = r.json().path("objects");
        assertTrue(r.body(), objects.size() >= 1);
        assertEquals(r.body(), 4, objects.get(0).path("box").size());
    }

    @Test
    public void visualPromptsOfEveryKindAndTheOverlay() throws Exception {
        RgbImage image = RgbImage.of(ImageIO.read(new ByteArrayInputStream(sample())));
        boolean[] mask = new boolean[image.width() * image.height()];
        for (int y = 100; y < 140; y++) {
            for (int x = 60; x < 110; x++) {
                mask[y * image.width() + x] = true;
            }
        }
        CocoRle rle = CocoRle.encode(mask, image.height(), image.width());
        String prompts = "[{\"type\":\"point\",\"x\":80,\"y\":120},{\"type\":\"box\",\"x0\":50,\"y0\":80,\"x1\":120,\"y1\":160},"
                + "{\"type\":\"scribble\",\"points\":[[60,100],[90,130],[110,150]]},"
                + "{\"type\":\"mask\",\"size\":[" + image.height() + "," + image.width() + "],\"counts\":\""
                + rle.toCompactString().replace("\\", "\\\\") + "\"}]";
        String prompt = "What is in <region>, <region>, <region> and <region>?";
        Reply r = api.ask("/api/ask?overlay=1", new Form().file("image", "sample.png", sample()).field("prompt", prompt)
                .field("prompts", prompts).field("max_tokens", "40"));
        assertEquals(r.body(), 200, r.status());

        Request request = Request.builder(image, prompt).addVisualPrompt(new VisualPrompt.Point(80, 120))
                .addVisualPrompt(new VisualPrompt.Box(50, 80, 120, 160))
                .addVisualPrompt(new VisualPrompt.Scribble(List.of(new VisualPrompt.Point(60, 100),
                        new VisualPrompt.Point(90, 130), new VisualPrompt.Point(110, 150))))
                .addVisualPrompt(new VisualPrompt.Mask(rle)).build();
        JsonNode inProcess = ApiClient.JSON.readTree(ResponseJson.write(
                pipeline().answer(request, new GenerationOptions(40, 0, 40, 0.75, 0, Set.of()))));
        JsonNode body = r.json();
        String overlay = body.path("overlay").asText();
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).remove("overlay");
        assertEquals(inProcess, body);
        assertTrue(overlay.startsWith("data:image/png;base64,"));
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode(overlay.substring("data:image/png;base64,".length()))));
        assertEquals(image.width(), png.getWidth());
        assertEquals(image.height(), png.getHeight());
    }

    @Test
    public void askDecodesAGivenAnswer() throws Exception {
        String answer = "<Phrase>circle</Phrase>(<Unit>box</Unit>[0]<REF>) and <Phrase>square</Phrase>(<Unit>mask</Unit>[0]<REF>)";
        Reply r = api.ask(new Form().file("image", "sample.png", sample()).field("prompt", PROMPT).field("answer", answer));
        assertEquals(r.body(), 200, r.status());
        assertEquals(answer, r.json().path("text").asText());
        JsonNode objects = r.json().path("objects");
        assertEquals(r.body(), 2, objects.size());
        assertEquals(4, objects.get(0).path("box").size());
        assertTrue(r.body(), objects.get(1).path("mask").path("counts").isTextual());
        assertEquals(r.body(), 0, r.json().path("problems").size());
    }

    private record BadAsk(String what, Supplier<Form> form, int status, String message) {
    }

    @Test
    public void badAsksGetAnErrorThatNamesTheProblem() throws Exception {
        byte[] sample = sample();
        byte[] huge = hugePng();
        List<BadAsk> cases = List.of(
                new BadAsk("no image", () -> new Form().field("prompt", PROMPT), 400, "no image"),
                new BadAsk("not a picture", () -> new Form().file("image", "a.png", "hello".getBytes(UTF_8)).field("prompt", PROMPT),
                        400, "image is not a picture"),
                new BadAsk("cut picture", () -> new Form().file("image", "a.png", java.util.Arrays.copyOf(sample, 200))
                        .field("prompt", PROMPT), 400, "image cannot be read"),
                new BadAsk("too many pixels", () -> new Form().file("image", "big.png", huge).field("prompt", PROMPT),
                        413, "5000x4000 (20000000 pixels)"),
                new BadAsk("no prompt", () -> new Form().file("image", "a.png", sample), 400, "no prompt"),
                new BadAsk("unknown task", () -> new Form().file("image", "a.png", sample).field("prompt", PROMPT)
                        .field("task", "juggling"), 400, "unknown task 'juggling'; known tasks: depth, detection"),
                new BadAsk("prompts not JSON", () -> new Form().file("image", "a.png", sample).field("prompt", PROMPT)
                        .field("prompts", "[{"), 400, "prompts is not JSON"),
                new BadAsk("prompt outside", () -> new Form().file("image", "a.png", sample).field("prompt", PROMPT)
                        .field("prompts", "[{\"type\":\"point\",\"x\":-3,\"y\":4}]"), 400, "prompts[0]: x = -3.0 lies outside the picture"),
                new BadAsk("max_tokens word", () -> new Form().file("image", "a.png", sample).field("prompt", PROMPT)
                        .field("max_tokens", "many"), 400, "max_tokens must be a whole number, got 'many'"),
                new BadAsk("max_tokens 0", () -> new Form().file("image", "a.png", sample).field("prompt", PROMPT)
                        .field("max_tokens", "0"), 400, "max_tokens must be between 1 and 512, got 0"),
                new BadAsk("temperature", () -> new Form().file("image", "a.png", sample).field("prompt", PROMPT)
                        .field("temperature", "hot"), 400, "temperature must be a number"),
                new BadAsk("empty answer", () -> new Form().file("image", "a.png", sample).field("prompt", PROMPT)
                        .field("answer", "<Phrase>"), 200, ""));
        for (BadAsk c : cases) {
            Reply r = api.ask(c.form().get());
            assertEquals(c.what() + ": " + r.body(), c.status(), r.status());
            if (c.status() != 200) {
                assertTrue(c.what() + ": " + r.body(), r.error().contains(c.message()));
                assertEquals(c.what(), c.status(), r.json().path("status").asInt());
            } else {
                assertTrue(c.what() + " is reported as a problem: " + r.body(), r.json().path("problems").size() > 0);
            }
        }
        Reply notMultipart = api.admin("POST", "/api/ask", BodyPublishers.ofString("{\"prompt\": \"hi\"}"), null);
        assertEquals(400, notMultipart.status());
        assertTrue(notMultipart.error(), notMultipart.error().contains("multipart/form-data"));

        // Refused on its Content-Length; the server reads the body away first, so a client that
        // writes it all before reading (as Java's HttpClient does) gets the answer, not a broken pipe.
        byte[] tooLarge = new byte[33 << 20];
        Reply upload = api.ask(new Form().file("image", "a.png", tooLarge).field("prompt", PROMPT));
        assertEquals(upload.body(), 413, upload.status());
        assertTrue(upload.error(), upload.error().contains("at most 33554432 are allowed"));

        assertEquals(405, api.get("/api/ask").status());
        // and the platform still answers
        assertEquals(200, api.ask(new Form().file("image", "a.png", sample).field("prompt", PROMPT)).status());
    }

    private static byte[] hugePng() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(5000, 4000, BufferedImage.TYPE_BYTE_BINARY), "png", out);
        return out.toByteArray();
    }

    @Test
    public void administrationNeedsTheBearerToken() throws Exception {
        record Call(String method, String path) {
        }
        for (Call c : List.of(new Call("PUT", "/api/decoders/pins/box"), new Call("DELETE", "/api/decoders/pins/box"),
                new Call("POST", "/api/bundles"), new Call("PUT", "/api/bundles/1"), new Call("DELETE", "/api/bundles/1"),
                new Call("POST", "/api/bundles/1/stop"))) {
            for (String bearer : new String[] {null, "wrong", token + "x"}) {
                Reply r = api.admin(c.method(), c.path(), BodyPublishers.ofString("detr"), bearer);
                assertEquals(c + " with token " + bearer + ": " + r.body(), 401, r.status());
                assertTrue(r.error(), r.error().contains("Authorization: Bearer <token>"));
            }
        }
        assertTrue("nothing was pinned", registry.pins().isEmpty());
        // reading and asking are open on loopback
        assertEquals(200, api.get("/api/decoders").status());
        assertEquals(200, api.get("/api/status").status());
    }

    @Test
    public void pinsAreSetAndRemovedThroughTheApi() throws Exception {
        Reply listed = api.get("/api/decoders");
        assertEquals(200, listed.status());
        JsonNode box = row(listed.json(), "box", "detr");
        assertEquals("org.refvlm.decoder.detr", box.path("bundle").asText());
        assertTrue(box.path("active").asBoolean());
        assertFalse(box.path("pinned").asBoolean());

        Reply pinned = api.admin("PUT", "/api/decoders/pins/box", BodyPublishers.ofString("detr"));
        assertEquals(pinned.body(), 200, pinned.status());
        assertEquals("detr", pinned.json().path("pins").path("box").asText());
        assertTrue(row(pinned.json(), "box", "detr").path("pinned").asBoolean());
        assertEquals("detr", registry.pins().get("box"));

        Reply unknown = api.admin("PUT", "/api/decoders/pins/box", BodyPublishers.ofString("\"nope\""));
        assertEquals(404, unknown.status());
        assertTrue(unknown.error(), unknown.error().contains("no running decoder named 'nope' for unit 'box'"));
        Reply empty = api.admin("PUT", "/api/decoders/pins/box", BodyPublishers.ofString(""));
        assertEquals(400, empty.status());
        assertEquals(404, api.admin("PUT", "/api/decoders/pins/", BodyPublishers.ofString("detr")).status());

        Reply unpinned = api.admin("DELETE", "/api/decoders/pins/box");
        assertEquals(unpinned.body(), 200, unpinned.status());
        assertTrue(registry.pins().isEmpty());
        Reply again = api.admin("DELETE", "/api/decoders/pins/box");
        assertEquals(404, again.status());
        assertTrue(again.error(), again.error().contains("unit 'box' is not pinned"));
        assertEquals(404, api.get("/api/decoders/elsewhere").status());
    }

    private static JsonNode row(JsonNode decoders, String unit, String name) {
        for (JsonNode d : decoders.path("decoders")) {
            if (d.path("unit").asText().equals(unit) && d.path("decoder").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no decoder " + name + " for " + unit + " in " + decoders);
    }

    private boolean listed(String name) {
        return registry.decoders().stream().map(DecoderInfo::decoder).anyMatch(name::equals);
    }

    @Test
    public void decoderBundlesAreInstalledStoppedUpdatedAndUninstalled() throws Exception {
        byte[] alpha = Files.readAllBytes(PlatformOptions.alphaJar().toPath());
        byte[] beta = Files.readAllBytes(PlatformOptions.betaJar().toPath());
        int bundles = context.getBundles().length;

        Reply installed = api.admin("POST", "/api/bundles", BodyPublishers.ofByteArray(alpha));
        assertEquals(installed.body(), 201, installed.status());
        long id = installed.json().path("id").asLong();
        assertEquals("org.refvlm.it.decoder.box.alpha", installed.json().path("symbolicName").asText());
        assertEquals("ACTIVE", installed.json().path("state").asText());
        Await.until("alpha-box is listed", 10_000, () -> listed("alpha-box"));
        row(api.get("/api/decoders").json(), "box", "alpha-box");

        Reply stopped = api.admin("POST", "/api/bundles/" + id + "/stop");
        assertEquals("RESOLVED", stopped.json().path("state").asText());
        Await.until("alpha-box is gone", 10_000, () -> !listed("alpha-box"));
        assertEquals("ACTIVE", api.admin("POST", "/api/bundles/" + id + "/start").json().path("state").asText());
        Await.until("alpha-box is back", 10_000, () -> listed("alpha-box"));

        Reply updated = api.admin("PUT", "/api/bundles/" + id, BodyPublishers.ofByteArray(beta));
        assertEquals(updated.body(), 200, updated.status());
        assertEquals("org.refvlm.it.decoder.box.beta", updated.json().path("symbolicName").asText());
        Await.until("beta-box replaced alpha-box", 10_000, () -> listed("beta-box") && !listed("alpha-box"));

        Reply removed = api.admin("DELETE", "/api/bundles/" + id);
        assertEquals(removed.body(), 200, removed.status());
        assertEquals("UNINSTALLED", removed.json().path("state").asText());
        assertNull(context.getBundle(id));
        assertFalse(listed("beta-box"));
        assertEquals(bundles, context.getBundles().length);

        Form multipart = new Form().file("bundle", "alpha.jar", alpha);
        assertEquals("the token is needed for a form too", 401, api.ask("/api/bundles", multipart).status());
        Reply viaForm = api.adminForm("/api/bundles", multipart);
        assertEquals(viaForm.body(), 201, viaForm.status());
        assertEquals(200, api.admin("DELETE", "/api/bundles/" + viaForm.json().path("id").asLong()).status());
        Reply noField = api.adminForm("/api/bundles", new Form().field("other", "x"));
        assertEquals(400, noField.status());
        assertTrue(noField.error(), noField.error().contains("multipart file field 'bundle'"));

        Reply notJar = api.admin("POST", "/api/bundles", BodyPublishers.ofString("hello"));
        assertEquals(400, notJar.status());
        assertTrue(notJar.error(), notJar.error().contains("not a jar"));
        Reply platformBundle = api.admin("DELETE", "/api/bundles/1");
        assertEquals(403, platformBundle.status());
        assertTrue(platformBundle.error(), platformBundle.error().contains("was not installed through the API"));
        assertEquals(404, api.admin("DELETE", "/api/bundles/987654").status());
        assertEquals(400, api.admin("DELETE", "/api/bundles/abc").status());
        assertEquals(404, api.admin("POST", "/api/bundles/1/frobnicate").status());
        assertEquals(bundles, context.getBundles().length);
    }

    /** Eight different requests, one by one and then all at once, give the same eight answers. */
    @Test
    public void concurrentAnswersAreThoseOfSequentialOnes() throws Exception {
        byte[] sample = sample();
        List<Supplier<Form>> requests = new ArrayList<>();
        String[] prompts = {PROMPT, "Find the red square.", "Where is the blue triangle?", "Segment the green circle."};
        for (int i = 0; i < 8; i++) {
            String prompt = prompts[i % prompts.length];
            boolean sampled = i >= 4;
            int seed = i;
            requests.add(() -> new Form().file("image", "sample.png", sample).field("prompt", prompt)
                    .field("task", seed % 2 == 0 ? "grounding_detection" : "grounding_segmentation")
                    .field("temperature", sampled ? "0.8" : "0").field("seed", String.valueOf(seed))
                    .field("max_tokens", "64"));
        }
        List<String> sequential = new ArrayList<>();
        for (Supplier<Form> f : requests) {
            Reply r = api.ask(f.get());
            assertEquals(r.body(), 200, r.status());
            sequential.add(r.body());
        }
        assertNotEquals("the requests differ", sequential.get(0), sequential.get(1));
        ExecutorService clients = Executors.newFixedThreadPool(requests.size());
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (Supplier<Form> f : requests) {
                replies.add(clients.submit(() -> api.ask(f.get())));
            }
            for (int i = 0; i < requests.size(); i++) {
                Reply r = replies.get(i).get();
                assertEquals(r.body(), 200, r.status());
                assertEquals("request " + i, sequential.get(i), r.body());
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
