package org.refvlm.data.synth;

/** Named colours with RGB values far enough apart that a name is never ambiguous on screen. */
public enum ColourName {
    RED("red", 0xD62828),
    GREEN("green", 0x2A9D3F),
    BLUE("blue", 0x1F4FD1),
    YELLOW("yellow", 0xF2D216),
    ORANGE("orange", 0xF07F13),
    PURPLE("purple", 0x7B2CBF),
    PINK("pink", 0xF28AC0),
    CYAN("cyan", 0x22C7D6),
    WHITE("white", 0xF4F4F4),
    BLACK("black", 0x1A1A1A);

    private final String word;
    private final int rgb;

    ColourName(String word, int rgb) {
        this.word = word;
        this.rgb = rgb;
    }

    public String word() {
        return word;
    }

    public int rgb() {
        return rgb;
    }

    /** A second tone of the same colour for stripes and dots: darker for light colours, lighter for dark ones. */
    public int accent() {
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        double lum = 0.299 * r + 0.587 * g + 0.114 * b;
        double f = lum > 110 ? 0.55 : 1.0;
        int add = lum > 110 ? 0 : 90;
        return (Math.min(255, (int) (r * f) + add) << 16) | (Math.min(255, (int) (g * f) + add) << 8) | Math.min(255, (int) (b * f) + add);
    }
}
