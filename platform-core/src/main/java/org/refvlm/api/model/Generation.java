package org.refvlm.api.model;

/** A finished generation: the token ids, their text, and why it stopped. */
public record Generation(int[] tokenIds, String text, StopReason stopReason) {

    public enum StopReason { STOP_TOKEN, MAX_TOKENS }
}
