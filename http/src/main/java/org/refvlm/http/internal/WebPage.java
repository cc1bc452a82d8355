package org.refvlm.http.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * The page, its script and style, and the sample pictures, from this bundle's {@code web} folder:
 * no external CDN, so it works offline. A servlet rather than whiteboard resources so that every
 * file goes out with its content type (the container knows none for {@code .js}) and the page is
 * never cached across platform updates.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/index.html",
    "osgi.http.whiteboard.servlet.pattern=/app.js",
    "osgi.http.whiteboard.servlet.pattern=/style.css",
    "osgi.http.whiteboard.servlet.pattern=/samples/*",
    "osgi.http.whiteboard.servlet.name=refvlm-page"})
public final class WebPage extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "png", "image/png",
            "jpg", "image/jpeg");

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        String type = TYPES.get(path.substring(path.lastIndexOf('.') + 1));
        InputStream in = path.contains("..") || type == null ? null : WebPage.class.getResourceAsStream("/web" + path);
        if (in == null) {
            resp.sendError(404, "no such file: " + path);
            return;
        }
        try (in) {
            resp.setContentType(type);
            resp.setHeader("Cache-Control", "no-cache");
            in.transferTo(resp.getOutputStream());
        }
    }
}
