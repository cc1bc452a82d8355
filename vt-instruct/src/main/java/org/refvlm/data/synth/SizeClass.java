package org.refvlm.data.synth;

/** Size of an object as a range of radius relative to the image side. */
public enum SizeClass {
    SMALL("small", 0.06, 0.085),
    MEDIUM("medium-sized", 0.10, 0.13),
    LARGE("large", 0.15, 0.19);

    private final String word;
    private final double minFraction;
    private final double maxFraction;

    SizeClass(String word, double minFraction, double maxFraction) {
        this.word = word;
        this.minFraction = minFraction;
        this.maxFraction = maxFraction;
    }

    public String word() {
        return word;
    }

    public double minFraction() {
        return minFraction;
    }

    public double maxFraction() {
        return maxFraction;
    }
}
