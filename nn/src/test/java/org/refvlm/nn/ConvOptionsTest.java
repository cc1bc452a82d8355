package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link ConvOptions}: the builder changes one field at a time, and bad values are named. */
class ConvOptionsTest {

    @Test
    void builderChangesOnlyWhatItSays() {
        ConvOptions o = ConvOptions.kernel(3).stride(2).padding(1).dilation(2).groups(4).noBias();
        assertThat(o).isEqualTo(new ConvOptions(3, 2, 1, 2, 4, false));
        assertThat(ConvOptions.kernel(5)).isEqualTo(new ConvOptions(5, 1, 0, 1, 1, true));
    }

    @Test
    void badStrideIsRejectedWithEveryValue() {
        assertThatThrownBy(() -> ConvOptions.kernel(3).padding(1).stride(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stride 0").hasMessageContaining("kernel 3").hasMessageContaining("padding 1");
    }

    @Test
    void otherBadValuesAreRejected() {
        assertThatThrownBy(() -> ConvOptions.kernel(0)).hasMessageContaining("kernel 0");
        assertThatThrownBy(() -> ConvOptions.kernel(3).padding(-1)).hasMessageContaining("padding -1");
        assertThatThrownBy(() -> ConvOptions.kernel(3).dilation(0)).hasMessageContaining("dilation 0");
        assertThatThrownBy(() -> ConvOptions.kernel(3).groups(0)).hasMessageContaining("groups 0");
    }
}
