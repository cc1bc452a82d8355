package org.refvlm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CocoRleTest {

    /** A 3x4 mask, row-major; COCO counts it down columns. */
    private static final boolean[] MASK = {
        false, true, true, false,
        false, true, false, false,
        true, true, false, false,
    };

    @Test
    void countsRunColumnMajorStartingWithZeros() {
        CocoRle rle = CocoRle.encode(MASK, 3, 4);
        // column 0: 0 0 1 | column 1: 1 1 1 | column 2: 1 0 0 | column 3: 0 0 0
        assertThat(rle.counts()).containsExactly(2, 5, 5);
        assertThat(rle.area()).isEqualTo(5);
        assertThat(rle.decode()).containsExactly(MASK);
    }

    @Test
    void maskStartingWithOneHasAnEmptyFirstRun() {
        CocoRle rle = CocoRle.encode(new boolean[] {true, false}, 2, 1);
        assertThat(rle.counts()).containsExactly(0, 1, 1);
    }

    @Test
    void compactStringMatchesCocoForAKnownMask() {
        // Runs [2, 5, 5]: 2 -> '2', 5 -> '5', and 5 (third run, no delta before index 3) -> '5'.
        assertThat(CocoRle.encode(MASK, 3, 4).toCompactString()).isEqualTo("255");
        // Deltas from the fourth run on, and multi-character runs (value 100 = 0b11_00100).
        CocoRle big = new CocoRle(10, 20, new int[] {100, 50, 30, 20});
        assertThat(CocoRle.fromCompactString(big.toCompactString(), 10, 20)).isEqualTo(big);
    }

    @Test
    void rejectsRunsThatDoNotCoverTheMask() {
        assertThatThrownBy(() -> new CocoRle(2, 2, new int[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cover 3 pixels, the mask has 4");
        assertThatThrownBy(() -> CocoRle.fromCompactString("2", 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CocoRle.fromCompactString("\u0001", 1, 1))
                .hasMessage("compressed RLE has an invalid character '\u0001' at 0");
    }

    record Mask(int height, int width, boolean[] pixels) {
    }

    @Provide
    Arbitrary<Mask> masks() {
        return Combinators.combine(Arbitraries.integers().between(1, 24), Arbitraries.integers().between(1, 24))
                .flatAs((h, w) -> Arbitraries.integers().between(0, 100).flatMap(density ->
                        Arbitraries.of(true, false).list().ofSize(h * w).map(l -> {
                            boolean[] p = new boolean[h * w];
                            for (int i = 0; i < p.length; i++) {
                                p[i] = l.get(i) && (i * 37 % 100) < density;
                            }
                            return new Mask(h, w, p);
                        })));
    }

    @Property(tries = 500)
    void encodeThenDecodeGivesTheMaskBack(@ForAll("masks") Mask m) {
        CocoRle rle = CocoRle.encode(m.pixels(), m.height(), m.width());
        assertThat(rle.decode()).containsExactly(m.pixels());
        long area = 0;
        for (boolean b : m.pixels()) {
            area += b ? 1 : 0;
        }
        assertThat(rle.area()).isEqualTo(area);
    }

    @Property(tries = 500)
    void compactStringRoundTrips(@ForAll("masks") Mask m) {
        CocoRle rle = CocoRle.encode(m.pixels(), m.height(), m.width());
        assertThat(CocoRle.fromCompactString(rle.toCompactString(), m.height(), m.width())).isEqualTo(rle);
    }

    /** Masks encoded by pycocotools (src/test/python/make_rle_golden.py): runs, string, area and box agree. */
    @Test
    void agreesWithPycocotools() throws Exception {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("rle_golden.json")) {
            root = new ObjectMapper().readTree(in);
        }
        assertThat(root.get("masks")).hasSizeGreaterThan(30);
        for (JsonNode c : root.get("masks")) {
            String name = c.get("name").asText();
            int h = c.get("size").get(0).asInt();
            int w = c.get("size").get(1).asInt();
            String counts = c.get("counts").asText();
            CocoRle parsed = CocoRle.fromCompactString(counts, h, w);
            assertThat(parsed.area()).as(name).isEqualTo(c.get("area").asLong());
            assertThat(parsed.toCompactString()).as(name).isEqualTo(counts);
            Optional<int[]> bounds = parsed.bounds();
            JsonNode bbox = c.get("bbox");
            if (parsed.area() == 0) {
                assertThat(bounds).as(name).isEmpty();
            } else {
                int[] b = bounds.orElseThrow();
                assertThat(new double[] {b[0], b[1], b[2] - b[0], b[3] - b[1]}).as(name).containsExactly(
                        bbox.get(0).asDouble(), bbox.get(1).asDouble(), bbox.get(2).asDouble(), bbox.get(3).asDouble());
            }
            if (c.get("rows").isArray()) {
                boolean[] px = new boolean[h * w];
                for (int y = 0; y < h; y++) {
                    String row = c.get("rows").get(y).asText();
                    for (int x = 0; x < w; x++) {
                        px[y * w + x] = row.charAt(x) == '1';
                    }
                }
                assertThat(CocoRle.encode(px, h, w).toCompactString()).as(name).isEqualTo(counts);
                assertThat(parsed.decode()).as(name).containsExactly(px);
            }
        }
    }

    @Test
    void boundsAreTheCornersOfTheTightBox() {
        // column 0: 0 0 1 | column 1: 1 1 1 | column 2: 1 0 0 | column 3: 0 0 0
        assertThat(CocoRle.encode(MASK, 3, 4).bounds()).hasValueSatisfying(b -> assertThat(b).containsExactly(0, 0, 3, 3));
        boolean[] dot = new boolean[12];
        dot[1 * 4 + 2] = true; // x 2, y 1
        assertThat(CocoRle.encode(dot, 3, 4).bounds()).hasValueSatisfying(b -> assertThat(b).containsExactly(2, 1, 3, 2));
        assertThat(CocoRle.encode(new boolean[12], 3, 4).bounds()).isEmpty();
    }

    /** Encoding only the window around the pixels gives the runs of encoding the whole mask. */
    @Property(tries = 300)
    void windowedEncodingEqualsFullEncoding(@ForAll("masks") Mask m) {
        int minX = m.width();
        int minY = m.height();
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < m.height(); y++) {
            for (int x = 0; x < m.width(); x++) {
                if (m.pixels()[y * m.width() + x]) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (maxX < 0) {
            minX = 0;
            minY = 0;
        }
        CocoRle whole = CocoRle.encode(m.pixels(), m.height(), m.width());
        assertThat(CocoRle.encode(m.pixels(), m.height(), m.width(), minX, minY, maxX + 1, maxY + 1)).isEqualTo(whole);
        assertThat(CocoRle.encode(m.pixels(), m.height(), m.width(), -3, -3, m.width() + 3, m.height() + 3))
                .isEqualTo(whole);
        if (maxX >= 0) {
            int[] tight = {minX, minY, maxX + 1, maxY + 1};
            assertThat(whole.bounds()).hasValueSatisfying(b -> assertThat(b).containsExactly(tight));
        }
    }

    @Test
    void windowedEncodingLeavesOutPixelsOutsideTheWindow() {
        CocoRle inside = CocoRle.encode(MASK, 3, 4, 1, 0, 2, 3); // column 1 only
        assertThat(inside.decode()).containsExactly(
                false, true, false, false,
                false, true, false, false,
                false, true, false, false);
    }

    @Test
    void rejectsMalformedCompactStrings() {
        assertThatThrownBy(() -> CocoRle.fromCompactString("0 1", 2, 2))
                .hasMessage("compressed RLE has an invalid character ' ' at 1");
        assertThatThrownBy(() -> CocoRle.fromCompactString("o", 2, 2))
                .hasMessage("compressed RLE ends inside a run at character 1");
        assertThatThrownBy(() -> CocoRle.fromCompactString("0" + "o".repeat(13), 2, 2))
                .hasMessage("compressed RLE run 1 is longer than 12 characters at 13");
        assertThatThrownBy(() -> CocoRle.encode(new boolean[5], 2, 2))
                .hasMessage("mask has 5 pixels, expected 2x2");
    }
}
