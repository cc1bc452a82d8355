package org.refvlm.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.refvlm.api.DecoderInfo;
import org.refvlm.api.DecoderRegistry;

/**
 * {@code GET /api/decoders}: every decoder with its unit, name, bundle, ranking and whether it is
 * active or pinned, and the pins; {@code PUT /api/decoders/pins/{unit}} (body: the decoder's
 * name) pins a unit, {@code DELETE /api/decoders/pins/{unit}} unpins it (administration).
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/api/decoders",
    "osgi.http.whiteboard.servlet.pattern=/api/decoders/*",
    "osgi.http.whiteboard.servlet.name=refvlm-decoders"})
public final class DecodersServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String PINS = "/pins/";

    @Reference
    private transient HttpApi api;

    @Reference
    private transient DecoderRegistry registry;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            api.requireClient(req);
            if (req.getPathInfo() != null && !req.getPathInfo().equals("/")) {
                throw ApiError.notFound("no such resource: /api/decoders" + req.getPathInfo());
            }
            JsonReplies.send(resp, 200, decoders());
        } catch (ApiError e) {
            JsonReplies.error(req, resp, e);
        }
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            api.requireAdmin(req);
            String unit = unit(req);
            String decoder;
            try (InputStream in = req.getInputStream()) {
                decoder = new String(in.readNBytes(1024), StandardCharsets.UTF_8).trim();
            }
            if (decoder.startsWith("\"") && decoder.endsWith("\"") && decoder.length() >= 2) {
                decoder = decoder.substring(1, decoder.length() - 1);   // a JSON string is fine too
            }
            if (decoder.isEmpty()) {
                throw ApiError.badRequest("the body must name the decoder to pin unit '" + unit + "' to");
            }
            try {
                registry.pin(unit, decoder);
            } catch (IllegalArgumentException e) {
                throw ApiError.notFound(e.getMessage());
            }
            JsonReplies.send(resp, 200, decoders());
        } catch (ApiError e) {
            JsonReplies.error(req, resp, e);
        }
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            api.requireAdmin(req);
            String unit = unit(req);
            if (!registry.unpin(unit)) {
                throw ApiError.notFound("unit '" + unit + "' is not pinned");
            }
            JsonReplies.send(resp, 200, decoders());
        } catch (ApiError e) {
            JsonReplies.error(req, resp, e);
        }
    }

    private static String unit(HttpServletRequest req) throws ApiError {
        String path = req.getPathInfo();
        if (path == null || !path.startsWith(PINS) || path.length() == PINS.length()
                || path.indexOf('/', PINS.length()) >= 0) {
            throw ApiError.notFound("pins are at /api/decoders/pins/{unit}, not /api/decoders" + (path == null ? "" : path));
        }
        return path.substring(PINS.length());
    }

    private ObjectNode decoders() {
        ObjectNode root = JsonReplies.object();
        ArrayNode list = root.putArray("decoders");
        for (DecoderInfo d : registry.decoders()) {
            list.addObject().put("unit", d.unit()).put("decoder", d.decoder()).put("bundleId", d.bundleId())
                    .put("bundle", d.bundleName()).put("bundleState", d.bundleState()).put("ranking", d.ranking())
                    .put("serviceId", d.serviceId()).put("active", d.active()).put("pinned", d.pinned());
        }
        ObjectNode pins = root.putObject("pins");
        registry.pins().forEach(pins::put);
        return root;
    }
}
