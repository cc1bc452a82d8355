package org.refvlm.llm;

import java.util.ArrayList;
import java.util.List;

/**
 * A listener that copies every step's last-layer states of one row to the host, giving REF-VLM's
 * per-position sequence: the P prompt states, then one state per later step (length P + T - 1).
 */
public final class HiddenStateRecorder implements GenerationListener {
    private final int row;
    private final List<float[]> states = new ArrayList<>();
    private final List<Long> tokens = new ArrayList<>();

    public HiddenStateRecorder(int row) {
        this.row = row;
    }

    @Override
    public void onStep(GenerationStep step) {
        long[] s = step.lastHiddenStates().getShape().getShape(); // [B, n, D]
        int n = (int) s[1];
        int d = (int) s[2];
        float[] all = step.lastHiddenStates().get(row).toFloatArray();
        for (int i = 0; i < n; i++) {
            float[] v = new float[d];
            System.arraycopy(all, i * d, v, 0, d);
            states.add(v);
        }
        tokens.add(step.nextTokens()[row]);
    }

    /** One state per fed position, in sequence order. */
    public List<float[]> states() {
        return states;
    }

    /** The token chosen at each step. */
    public List<Long> tokens() {
        return tokens;
    }
}
