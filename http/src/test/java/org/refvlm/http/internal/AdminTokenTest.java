package org.refvlm.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

    @TempDir
    Path state;

    @Test
    void generatedOnceIntoAnOwnerOnlyFileThenRead() throws IOException {
        AdminToken first = AdminToken.load("", state);
        assertThat(first.generated()).isTrue();
        assertThat(first.file()).isEqualTo(state.resolve("http-token"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.file()))).isEqualTo("rw-------");
        assertThat(first.value()).hasSizeGreaterThanOrEqualTo(43); // 256 bits in base64url

        AdminToken second = AdminToken.load("", state);
        assertThat(second.generated()).isFalse();
        assertThat(second.value()).isEqualTo(first.value());
    }

    @Test
    void aConfiguredTokenWinsAndWritesNothing() throws IOException {
        AdminToken t = AdminToken.load(" s3cret ", state);
        assertThat(t.value()).isEqualTo("s3cret");
        assertThat(t.file()).isNull();
        assertThat(Files.exists(state.resolve("http-token"))).isFalse();
    }

    @Test
    void acceptsOnlyTheExactBearerToken() throws IOException {
        AdminToken t = AdminToken.load("abc", state);
        assertThat(t.accepts("Bearer abc")).isTrue();
        assertThat(t.accepts("Bearer abcd")).isFalse();
        assertThat(t.accepts("Bearer ab")).isFalse();
        assertThat(t.accepts("abc")).isFalse();
        assertThat(t.accepts("Basic abc")).isFalse();
        assertThat(t.accepts(null)).isFalse();
    }

    @Test
    void anEmptyTokenFileIsNamed() throws IOException {
        Files.writeString(state.resolve("http-token"), "\n");
        assertThatThrownBy(() -> AdminToken.load("", state)).isInstanceOf(IOException.class)
                .hasMessageContaining("http-token is empty");
    }
}
