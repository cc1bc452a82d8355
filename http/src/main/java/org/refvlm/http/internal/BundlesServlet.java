package org.refvlm.http.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Decoder bundles over HTTP (administration): {@code POST /api/bundles} installs and starts the
 * jar in the body (or in the multipart field {@code bundle}); {@code PUT /api/bundles/{id}}
 * updates a bundle from the jar in the body; {@code POST /api/bundles/{id}/start} and
 * {@code .../stop}; {@code DELETE /api/bundles/{id}} uninstalls it. Only bundles installed through
 * this API can be changed: the platform's own are not the API's to remove.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/api/bundles",
    "osgi.http.whiteboard.servlet.pattern=/api/bundles/*",
    "osgi.http.whiteboard.servlet.name=refvlm-bundles",
    "osgi.http.whiteboard.servlet.multipart.enabled=true",
    "osgi.http.whiteboard.servlet.multipart.maxFileSize:Long=268435456",
    "osgi.http.whiteboard.servlet.multipart.maxRequestSize:Long=268435456"})
public final class BundlesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** The location prefix of bundles installed through the API. */
    static final String LOCATION = "refvlm-http:";

    @Reference
    private transient HttpApi api;

    private transient BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            api.requireAdmin(req);
            String path = req.getPathInfo();
            if (path == null || path.equals("/")) {
                Bundle b = context.installBundle(LOCATION + UUID.randomUUID(), new ByteArrayInputStream(jar(req)));
                try {
                    b.start();
                } catch (BundleException e) {
                    b.uninstall();
                    throw ApiError.badRequest("the bundle was installed but does not start, so it was removed again: "
                            + e.getMessage());
                }
                JsonReplies.send(resp, 201, describe(b));
                return;
            }
            String[] parts = path.substring(1).split("/");
            if (parts.length != 2 || !(parts[1].equals("start") || parts[1].equals("stop"))) {
                throw ApiError.notFound("no such resource: /api/bundles" + path);
            }
            Bundle b = ours(parts[0]);
            if (parts[1].equals("start")) {
                b.start();
            } else {
                b.stop();
            }
            JsonReplies.send(resp, 200, describe(b));
        } catch (ApiError e) {
            JsonReplies.error(req, resp, e);
        } catch (BundleException e) {
            JsonReplies.error(req, resp, ApiError.badRequest("the framework refused: " + e.getMessage()));
        }
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            api.requireAdmin(req);
            Bundle b = ours(id(req));
            b.update(new ByteArrayInputStream(jar(req)));
            JsonReplies.send(resp, 200, describe(b));
        } catch (ApiError e) {
            JsonReplies.error(req, resp, e);
        } catch (BundleException e) {
            JsonReplies.error(req, resp, ApiError.badRequest("the framework refused the update: " + e.getMessage()));
        }
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            api.requireAdmin(req);
            Bundle b = ours(id(req));
            ObjectNode gone = describe(b);
            b.uninstall();
            gone.put("state", "UNINSTALLED");
            JsonReplies.send(resp, 200, gone);
        } catch (ApiError e) {
            JsonReplies.error(req, resp, e);
        } catch (BundleException e) {
            JsonReplies.error(req, resp, ApiError.badRequest("the framework refused: " + e.getMessage()));
        }
    }

    private static String id(HttpServletRequest req) throws ApiError {
        String path = req.getPathInfo();
        if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw ApiError.notFound("bundles are at /api/bundles/{id}");
        }
        return path.substring(1);
    }

    /** The bundle {@code id}, if it was installed through this API. */
    private Bundle ours(String id) throws ApiError {
        long n;
        try {
            n = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("a bundle id is a number, got '" + id + "'");
        }
        Bundle b = context.getBundle(n);
        if (b == null) {
            throw ApiError.notFound("no bundle " + n);
        }
        if (!b.getLocation().startsWith(LOCATION)) {
            throw new ApiError(403, "bundle " + n + " (" + b.getSymbolicName() + ") was not installed through the API;"
                    + " the platform's own bundles are changed from the shell");
        }
        return b;
    }

    private byte[] jar(HttpServletRequest req) throws ApiError, IOException {
        long max = api.settings().maxUploadBytes();
        if (req.getContentLengthLong() > max) {
            throw new ApiError(413, "the jar is " + req.getContentLengthLong() + " bytes; at most " + max + " are allowed");
        }
        byte[] bytes;
        String type = req.getContentType();
        if (type != null && type.startsWith("multipart/form-data")) {
            Part part;
            try {
                part = req.getPart("bundle");
            } catch (ServletException | IllegalStateException e) {
                throw new ApiError(413, "the upload cannot be read: " + e.getMessage());
            }
            if (part == null) {
                throw ApiError.badRequest("no jar: send it as the multipart file field 'bundle' or as the request body");
            }
            try (InputStream in = part.getInputStream()) {
                bytes = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE));
            }
        } else {
            try (InputStream in = req.getInputStream()) {
                bytes = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE));
            }
        }
        if (bytes.length > max) {
            throw new ApiError(413, "the jar is larger than " + max + " bytes");
        }
        if (bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K') {
            throw ApiError.badRequest("the body is not a jar (a zip file starts with 'PK')");
        }
        return bytes;
    }

    private static ObjectNode describe(Bundle b) {
        ObjectNode n = JsonReplies.object();
        n.put("id", b.getBundleId());
        n.put("symbolicName", b.getSymbolicName());
        n.put("version", String.valueOf(b.getVersion()));
        n.put("state", StatusServlet.state(b.getState()));
        return n;
    }
}
