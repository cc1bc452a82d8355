package org.refvlm.http.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/** The context root {@code /} sends the browser to the page. */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=",
    "osgi.http.whiteboard.servlet.name=refvlm-root"})
public final class RootServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.sendRedirect("/index.html");
    }
}
