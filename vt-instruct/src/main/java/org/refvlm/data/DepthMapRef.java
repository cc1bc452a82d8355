package org.refvlm.data;

import java.util.Objects;

/**
 * A dense depth map stored as a 16-bit greyscale PNG next to the samples. A stored value v means a distance
 * of v / unitsPerMetre metres; 0 means "no depth". Relative path resolution as for {@link ImageRef}.
 */
public record DepthMapRef(String path, double unitsPerMetre) {
    public DepthMapRef {
        Objects.requireNonNull(path, "path");
    }
}
