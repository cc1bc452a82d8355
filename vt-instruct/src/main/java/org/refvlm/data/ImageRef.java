package org.refvlm.data;

import java.util.Objects;

/**
 * The image a sample is about. The path is relative to the folder holding the JSON Lines file unless absolute.
 * Width and height are in pixels; 0 means "unknown", allowed only for samples without geometry (e.g. VQAv2).
 */
public record ImageRef(String path, int width, int height) {
    public ImageRef {
        Objects.requireNonNull(path, "path");
    }

    public boolean sizeKnown() {
        return width > 0 && height > 0;
    }
}
