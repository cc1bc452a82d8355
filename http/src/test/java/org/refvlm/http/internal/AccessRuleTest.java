package org.refvlm.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Administration needs the token from anywhere; asking and reading need it only from other hosts. */
class AccessRuleTest {

    @TempDir
    Path state;

    @Test
    void theRule() throws Exception {
        AdminToken token = AdminToken.load("t0k", state);
        for (String loopback : new String[] {"127.0.0.1", "127.4.5.6", "::1", "0:0:0:0:0:0:0:1"}) {
            assertThatCode(() -> HttpApi.check(token, false, loopback, null)).doesNotThrowAnyException();
            assertThatThrownBy(() -> HttpApi.check(token, true, loopback, null)).isInstanceOfSatisfying(ApiError.class,
                    e -> assertThat(e.status()).isEqualTo(401));
            assertThatCode(() -> HttpApi.check(token, true, loopback, "Bearer t0k")).doesNotThrowAnyException();
        }
        for (String remote : new String[] {"192.168.1.20", "10.0.0.1", "fe80::1", null}) {
            assertThatThrownBy(() -> HttpApi.check(token, false, remote, null)).isInstanceOfSatisfying(ApiError.class, e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.getMessage()).contains("requests from other hosts need");
            });
            assertThatThrownBy(() -> HttpApi.check(token, false, remote, "Bearer wrong")).isInstanceOf(ApiError.class);
            assertThatCode(() -> HttpApi.check(token, false, remote, "Bearer t0k")).doesNotThrowAnyException();
            assertThatCode(() -> HttpApi.check(token, true, remote, "Bearer t0k")).doesNotThrowAnyException();
        }
    }

    @Test
    void theOverlayFlagComesFromTheQuery() {
        assertThat(AskServlet.wantsOverlay("overlay=1")).isTrue();
        assertThat(AskServlet.wantsOverlay("a=b&overlay=true")).isTrue();
        assertThat(AskServlet.wantsOverlay("overlay=0")).isFalse();
        assertThat(AskServlet.wantsOverlay(null)).isFalse();
        assertThat(AskServlet.wantsOverlay("overlayx=1")).isFalse();
    }
}
