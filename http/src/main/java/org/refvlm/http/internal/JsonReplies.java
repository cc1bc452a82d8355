package org.refvlm.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** JSON bodies of the API: results, and errors as {@code {"status": 400, "error": "..."}}. */
final class JsonReplies {

    static final ObjectMapper JSON = new ObjectMapper();

    private JsonReplies() {
    }

    static void send(HttpServletResponse response, int status, JsonNode body) throws IOException {
        sendText(response, status, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
    }

    static void sendText(HttpServletResponse response, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * An error reply. A request refused before its body was read leaves that body on the
     * connection, so the connection is closed rather than handed back to the client's pool.
     */
    static void error(HttpServletRequest request, HttpServletResponse response, ApiError e) throws IOException {
        if (request.getContentLengthLong() != 0) {
            response.setHeader("Connection", "close");
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("status", e.status());
        body.put("error", e.getMessage());
        if (e.status() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"refvlm\"");
        }
        send(response, e.status(), body);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
