package org.refvlm.trp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineIndexTest {

    @Test
    void findsLinesAndColumns() {
        LineIndex lines = LineIndex.of("ab\ncd\r\n\nx");
        assertThat(lines.position(0)).isEqualTo(new SourcePosition(0, 1, 1));
        assertThat(lines.position(2)).isEqualTo(new SourcePosition(2, 1, 3));
        assertThat(lines.position(3)).isEqualTo(new SourcePosition(3, 2, 1));
        assertThat(lines.position(7)).isEqualTo(new SourcePosition(7, 3, 1));
        assertThat(lines.position(8)).isEqualTo(new SourcePosition(8, 4, 1));
        assertThat(lines.position(-1)).isEqualTo(SourcePosition.UNKNOWN);
    }
}
