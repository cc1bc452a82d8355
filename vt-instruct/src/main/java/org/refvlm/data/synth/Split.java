package org.refvlm.data.synth;

import java.util.Locale;

/**
 * Dataset split. Each split salts the scene seeds with its own constant, so train, val and test scenes come
 * from disjoint seed streams even when the user passes the same --seed to all three.
 */
public enum Split {
    TRAIN(0x7A3F_19C2_5B0D_E441L),
    VAL(0x1C94_E6A0_3F27_88B5L),
    TEST(0xD2B1_4E07_A9C3_6F1DL);

    private final long salt;

    Split(long salt) {
        this.salt = salt;
    }

    public long salt() {
        return salt;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Split fromWord(String w) {
        return valueOf(w.trim().toUpperCase(Locale.ROOT));
    }
}
