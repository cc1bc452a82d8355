package org.refvlm.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.UUID;

/** The platform's HTTP API as a program calls it: JDK HttpClient, multipart forms, JSON replies. */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();
    /** No request may hang: one that takes longer fails the test. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String token;

    ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String error() {
            return json().path("error").asText();
        }
    }

    Reply get(String path) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), null);
    }

    Reply ask(Form form) throws Exception {
        return ask("/api/ask", form);
    }

    Reply ask(String path, Form form) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", form.contentType())
                .POST(BodyPublishers.ofByteArray(form.body())), null);
    }

    /** A multipart administration call with the token. */
    Reply adminForm(String path, Form form) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", form.contentType())
                .POST(BodyPublishers.ofByteArray(form.body())), token);
    }

    /** An administration call with the given token (null: none). */
    Reply admin(String method, String path, BodyPublisher body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).method(method, body);
        return send(b, token);
    }

    Reply admin(String method, String path, BodyPublisher body) throws Exception {
        return admin(method, path, body, token);
    }

    Reply admin(String method, String path) throws Exception {
        return admin(method, path, BodyPublishers.noBody(), token);
    }

    private Reply send(HttpRequest.Builder b, String bearer) throws Exception {
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        var r = http.send(b.timeout(REQUEST_TIMEOUT).build(), BodyHandlers.ofString(UTF_8));
        return new Reply(r.statusCode(), r.body());
    }

    /** A multipart/form-data body. */
    static final class Form {

        private final String boundary = "refvlm-" + UUID.randomUUID();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Form field(String name, String value) {
            head("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
            body.writeBytes(value.getBytes(UTF_8));
            body.writeBytes("\r\n".getBytes(UTF_8));
            return this;
        }

        Form file(String name, String fileName, byte[] bytes) {
            head("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n");
            body.writeBytes(bytes);
            body.writeBytes("\r\n".getBytes(UTF_8));
            return this;
        }

        private void head(String text) {
            body.writeBytes(("--" + boundary + "\r\n" + text).getBytes(UTF_8));
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        byte[] body() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(body.toByteArray());
            all.writeBytes(("--" + boundary + "--\r\n").getBytes(UTF_8));
            return all.toByteArray();
        }
    }
}
