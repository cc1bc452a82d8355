package org.refvlm.http.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token administration requires: the configured one, or the one in the state folder's
 * {@code http-token} file, generated (256 random bits) the first time none exists and readable by
 * its owner only. {@link #generated()} says whether this start made it, so it is printed once.
 */
final class AdminToken {

    static final String FILE = "http-token";

    private final String token;
    private final Path file;
    private final boolean generated;

    private AdminToken(String token, Path file, boolean generated) {
        this.token = token;
        this.file = file;
        this.generated = generated;
    }

    /**
     * @param configured the configured token, or empty
     * @param state      the platform's state folder
     */
    static AdminToken load(String configured, Path state) throws IOException {
        if (!configured.isBlank()) {
            return new AdminToken(configured.trim(), null, false);
        }
        Path file = state.resolve(FILE);
        if (Files.isRegularFile(file)) {
            String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (stored.isEmpty()) {
                throw new IOException(file + " is empty: delete it to have a new token generated");
            }
            return new AdminToken(stored, file, false);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(state);
        Path tmp = Files.createTempFile(state, FILE, ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions guard it
        }
        Files.writeString(tmp, fresh + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return new AdminToken(fresh, file, true);
    }

    /** Whether {@code authorization} is {@code Bearer <token>}, compared in constant time. */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8));
    }

    String value() {
        return token;
    }

    /** The file the token is kept in, or null for a configured token. */
    Path file() {
        return file;
    }

    boolean generated() {
        return generated;
    }
}
