package org.refvlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class DeviceNamesTest {

    @Test
    void parsesTheConfiguredForms() {
        assertThat(DeviceNames.parse("cpu")).isEqualTo(Device.cpu());
        assertThat(DeviceNames.parse(" CPU ")).isEqualTo(Device.cpu());
        assertThat(DeviceNames.parse("gpu")).isEqualTo(Device.gpu(0));
        assertThat(DeviceNames.parse("gpu:3")).isEqualTo(Device.gpu(3));
    }

    @Test
    void namesTheBadValueAndTheAcceptedForms() {
        assertThatThrownBy(() -> DeviceNames.parse("cuda:0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown device 'cuda:0': use cpu, gpu or gpu:N (N = GPU index)");
        assertThatThrownBy(() -> DeviceNames.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
