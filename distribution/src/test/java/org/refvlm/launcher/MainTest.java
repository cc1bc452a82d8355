package org.refvlm.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void substitutesEveryVariable() {
        assertThat(Main.substitute("${a}/x/${b}", Map.of("a", "/r", "b", "c"))).isEqualTo("/r/x/c");
        assertThat(Main.substitute("plain", Map.of())).isEqualTo("plain");
    }

    @Test
    void namesAMissingOrUnclosedVariable() {
        assertThatThrownBy(() -> Main.substitute("${nope}", Map.of()))
                .hasMessage("configuration refers to ${nope}, which is not set");
        assertThatThrownBy(() -> Main.substitute("${open", Map.of()))
                .hasMessageContaining("unclosed ${");
    }
}
