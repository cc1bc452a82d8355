package org.refvlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Embedding}: rows by id, the first rows, and the table's name and shape. */
class EmbeddingTest {

    private NDManager manager;
    private Parameters params;
    private Embedding embedding;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        params = new Parameters(manager);
        // row r holds r*10 + column: every looked-up value says where it came from
        float[] table = new float[5 * 3];
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 3; c++) {
                table[r * 3 + c] = r * 10 + c;
            }
        }
        params.put("query_position_embeddings.weight", Constants.of(manager, table, new Shape(5, 3)));
        embedding = new Embedding(params, "query_position_embeddings", 5, 3);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void lookupReadsTheRowsOfTheIds() {
        NDArray ids = manager.create(new int[] {4, 0, 2, 2}, new Shape(2, 2));
        NDArray rows = embedding.lookup(ids);                                            // [2, 2, 3]
        assertThat(rows.getShape()).isEqualTo(new Shape(2, 2, 3));
        assertThat(rows.toFloatArray()).containsExactly(40, 41, 42, 0, 1, 2, 20, 21, 22, 20, 21, 22);
    }

    @Test
    void firstRows() {
        NDArray activation = manager.zeros(new Shape(1));
        assertThat(embedding.first(2, activation).toFloatArray()).containsExactly(0, 1, 2, 10, 11, 12);
        assertThat(embedding.first(5, activation)).isSameAs(embedding.table());
        assertThatThrownBy(() -> embedding.first(6, activation)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6 rows").hasMessageContaining("of 5");
    }

    @Test
    void declaresNormalTable() {
        Parameters fresh = new Parameters(manager, 11);
        new Embedding(fresh, "tok", 100, 20);
        float[] v = fresh.get("tok.weight").toFloatArray();
        double mean = 0, square = 0;
        for (float f : v) {
            mean += f;
            square += (double) f * f;
        }
        mean /= v.length;
        double std = Math.sqrt(square / v.length - mean * mean);
        // nn.Embedding's N(0, 1): 2000 draws put the mean within 0.1 and the std within 0.1 of 1
        assertThat(mean).isBetween(-0.1, 0.1);
        assertThat(std).isBetween(0.9, 1.1);
    }
}
