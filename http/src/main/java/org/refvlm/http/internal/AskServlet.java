package org.refvlm.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.refvlm.api.DepthUnit;
import org.refvlm.api.RefVlm;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Request;
import org.refvlm.api.Response;
import org.refvlm.api.RgbImage;
import org.refvlm.api.TaskCommand;
import org.refvlm.api.VisualPrompt;
import org.refvlm.api.model.GenerationOptions;
import org.refvlm.core.pipeline.OverlayRenderer;
import org.refvlm.core.pipeline.ResponseJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/ask}: multipart fields {@code image} (a file), {@code prompt}, and optionally
 * {@code task}, {@code prompts} (visual prompts as JSON, {@link VisualPromptsJson}),
 * {@code max_tokens}, {@code seed}, {@code temperature}, {@code answer} (a TRP answer to decode
 * instead of generating one). Replies with the JSON {@code refvlm:ask} writes, each depth map also
 * as a picture; {@code ?overlay=1} adds the overlay picture as a PNG data URL under {@code "overlay"}.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/api/ask",
    "osgi.http.whiteboard.servlet.name=refvlm-ask",
    "osgi.http.whiteboard.servlet.multipart.enabled=true",
    "osgi.http.whiteboard.servlet.multipart.maxFileSize:Long=268435456",
    "osgi.http.whiteboard.servlet.multipart.maxRequestSize:Long=268435456"})
public final class AskServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AskServlet.class);

    @Reference
    private transient HttpApi api;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile RefVlm refvlm;

    /**
     * A client that writes its whole body before reading the answer (Java's HttpClient; JDK 17's
     * {@code Expect: 100-continue} waits forever on a refusal) sees a broken pipe if the server
     * answers and closes first. Up to twice the limit, the body is read away so it gets its 413;
     * beyond that the connection is simply closed.
     */
    private static void discardModestOvershoot(HttpServletRequest req, long max) {
        if (req.getContentLengthLong() <= 2 * max) {
            try (java.io.InputStream in = req.getInputStream()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the client went away: nothing to answer
            }
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        try {
            api.requireClient(req);
            long max = api.settings().maxUploadBytes();
            if (req.getContentLengthLong() > max) {
                discardModestOvershoot(req, max);
                throw new ApiError(413, "the request is " + req.getContentLengthLong() + " bytes; at most " + max
                        + " are allowed");
            }
            if (req.getContentType() == null || !req.getContentType().startsWith("multipart/form-data")) {
                throw ApiError.badRequest("POST /api/ask takes multipart/form-data with an 'image' file and a 'prompt'");
            }
            Part imagePart = part(req, "image");
            if (imagePart == null) {
                throw ApiError.badRequest("no image: send the picture as the multipart file field 'image'");
            }
            RgbImage image = UploadedPicture.decode(bytes(imagePart, max), api.settings().maxImagePixels());
            String prompt = text(req, "prompt");
            if (prompt == null || prompt.isBlank()) {
                throw ApiError.badRequest("no prompt: send the question as the multipart field 'prompt'");
            }
            Request.Builder request = Request.builder(image, prompt).task(task(text(req, "task")));
            String prompts = text(req, "prompts");
            if (prompts != null && !prompts.isBlank()) {
                List<VisualPrompt> parsed = VisualPromptsJson.parse(prompts, image, api.settings().maxVisualPrompts());
                parsed.forEach(request::addVisualPrompt);
            }
            GenerationOptions options = options(req);
            String answer = text(req, "answer");
            RefVlm model = refvlm;
            if (model == null) {
                throw new ApiError(503, "no model is loaded: make one the platform's model with 'ask --model DIR' or "
                        + "the refvlm.pipeline configuration, then try again");
            }
            Request built = request.build();
            Response response = api.line().run(() -> answer == null || answer.isBlank()
                    ? model.answer(built, options) : model.readAnswer(built, answer));
            ObjectNode body = (ObjectNode) JsonReplies.JSON.readTree(ResponseJson.write(response));
            addDepthPictures(body, response.objects());
            if (wantsOverlay(req.getQueryString())) {
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(new OverlayRenderer().render(image, response.objects(), built.visualPrompts()), "png", png);
                body.put("overlay", "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray()));
            }
            JsonReplies.send(resp, 200, body);
        } catch (ApiError e) {
            JsonReplies.error(req, resp, e);
        } catch (IllegalArgumentException e) {
            JsonReplies.error(req, resp, ApiError.badRequest(e.getMessage()));
        } catch (Exception e) {
            LOG.error("POST /api/ask failed", e);
            JsonReplies.error(req, resp, new ApiError(500, "the platform failed to answer: " + e));
        }
    }

    /** Each depth map also as a picture ({@code depth.png}): the JSON of {@code ask} keeps only its size and range. */
    private static void addDepthPictures(ObjectNode body, List<ReferredObject> objects) {
        JsonNode written = body.path("objects");
        for (int i = 0; i < objects.size(); i++) {
            if (objects.get(i).value() instanceof DepthUnit d && written.get(i).path("depth") instanceof ObjectNode n) {
                n.put("png", DepthPicture.dataUrl(d.depth()));
            }
        }
    }

    /** {@code ?overlay=1} (or {@code true}); read from the query string, as the form's fields are parts. */
    static boolean wantsOverlay(String query) {
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            if (pair.equals("overlay=1") || pair.equals("overlay=true") || pair.equals("overlay")) {
                return true;
            }
        }
        return false;
    }

    private static TaskCommand task(String name) throws ApiError {
        if (name == null || name.isBlank()) {
            return null;
        }
        return TaskCommand.named(name.trim()).orElseThrow(() -> ApiError.badRequest("unknown task '" + name
                + "'; known tasks: " + String.join(", ", TaskCommand.knownNames())));
    }

    private GenerationOptions options(HttpServletRequest req) throws ApiError, IOException, ServletException {
        int limit = api.settings().maxNewTokens();
        int maxTokens = (int) number(req, "max_tokens", Math.min(256, limit), 1, limit);
        long seed = number(req, "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
        String t = text(req, "temperature");
        double temperature;
        try {
            temperature = t == null || t.isBlank() ? 0 : Double.parseDouble(t.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("temperature must be a number, got '" + t + "'");
        }
        if (!(temperature >= 0 && temperature <= 10)) {
            throw ApiError.badRequest("temperature must be between 0 and 10, got " + temperature);
        }
        return new GenerationOptions(maxTokens, temperature, 40, 0.75, seed, Set.of());
    }

    private static long number(HttpServletRequest req, String field, long fallback, long min, long max)
            throws ApiError, IOException, ServletException {
        String v = text(req, field);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(field + " must be a whole number, got '" + v + "'");
        }
        if (n < min || n > max) {
            throw ApiError.badRequest(field + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    private static Part part(HttpServletRequest req, String name) throws ApiError, IOException, ServletException {
        try {
            return req.getPart(name);
        } catch (IllegalStateException e) {
            throw new ApiError(413, "the upload is too large: " + e.getMessage());
        }
    }

    private static String text(HttpServletRequest req, String name) throws ApiError, IOException, ServletException {
        Part p = part(req, name);
        if (p == null) {
            return null;
        }
        if (p.getSize() > 4L << 20) {
            throw new ApiError(413, "field '" + name + "' is " + p.getSize() + " bytes; text fields may have 4 MiB");
        }
        try (InputStream in = p.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] bytes(Part p, long max) throws ApiError, IOException {
        if (p.getSize() > max) {
            throw new ApiError(413, "the image is " + p.getSize() + " bytes; at most " + max + " are allowed");
        }
        try (InputStream in = p.getInputStream()) {
            return in.readAllBytes();
        }
    }
}
