package org.refvlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class DevicesTest {
    @Test
    void parsesConfiguredDevices() {
        assertThat(Devices.parse("cpu")).isEqualTo(Device.cpu());
        assertThat(Devices.parse(" GPU:1 ")).isEqualTo(Device.gpu(1));
        assertThat(Devices.parse("cuda:0")).isEqualTo(Device.gpu(0));
        assertThat(Devices.parse("gpu")).isEqualTo(Device.gpu(0));
        assertThatThrownBy(() -> Devices.parse("gpu:x")).hasMessageContaining("gpu:x");
        assertThatThrownBy(() -> Devices.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
