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

    @Test
    void aRecordedActivationFailureBecomesItsMessage() {
        assertThat(TensorRuntimeState.firstLine("java.lang.IllegalStateException: REFVLM_DEVICE=gpu asks for gpu(0), but x\n"
                + "\tat org.refvlm.tensor.internal.NativeSetup.checkBeforeLoading(NativeSetup.java:61)\n"))
                .isEqualTo("REFVLM_DEVICE=gpu asks for gpu(0), but x");
        assertThat(TensorRuntimeState.firstLine("org.refvlm.tensor.LibtorchException: /x holds no libtorch.so"))
                .isEqualTo("/x holds no libtorch.so");
        assertThat(TensorRuntimeState.firstLine(null)).contains("see the log");
    }
}
