package org.refvlm.decoder.keypoint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A fixed, ordered list of keypoints an instance has, with OKS's per-keypoint falloff: what a
 * {@code KeypointsUnit}'s {@code schema} names. COCO's person has 17 keypoints with sigmas from
 * its annotators' spread; the synthetic shapes have their centre and corners or tips.
 *
 * <p>OKS of a keypoint at distance {@code d} from the truth is {@code exp(-d^2 / (2 s^2 (2 sigma)^2))}
 * with {@code s^2} the object's area, so {@code sigma} is the keypoint's tolerated error as a
 * fraction of the object's size: a larger sigma forgives more.
 *
 * @param name          the schema's name, as samples and units spell it ({@code coco-person}, {@code synth-star})
 * @param keypointNames the keypoints in order
 * @param sigmas        per keypoint, OKS's sigma (COCO's are its table divided by 10), all positive
 */
public record KeypointSchema(String name, List<String> keypointNames, List<Double> sigmas) {

    public KeypointSchema {
        Objects.requireNonNull(name, "schema name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a keypoint schema needs a name");
        }
        keypointNames = List.copyOf(keypointNames);
        sigmas = List.copyOf(sigmas);
        if (keypointNames.isEmpty()) {
            throw new IllegalArgumentException("keypoint schema '" + name + "' has no keypoints");
        }
        if (keypointNames.size() != sigmas.size()) {
            throw new IllegalArgumentException("keypoint schema '" + name + "' has " + keypointNames.size()
                    + " keypoint names but " + sigmas.size() + " sigmas");
        }
        Set<String> seen = new HashSet<>();
        for (String k : keypointNames) {
            if (!seen.add(k)) {
                throw new IllegalArgumentException("keypoint schema '" + name + "' names keypoint '" + k + "' twice");
            }
        }
        for (double s : sigmas) {
            if (!(s > 0 && Double.isFinite(s))) {
                throw new IllegalArgumentException("keypoint schema '" + name + "' has sigma " + s
                        + "; sigmas must be positive");
            }
        }
    }

    /** A schema whose keypoints all have the same sigma. */
    public static KeypointSchema uniform(String name, List<String> keypointNames, double sigma) {
        List<Double> sigmas = new ArrayList<>(keypointNames.size());
        for (int i = 0; i < keypointNames.size(); i++) {
            sigmas.add(sigma);
        }
        return new KeypointSchema(name, keypointNames, sigmas);
    }

    /** Number of keypoints. */
    public int size() {
        return keypointNames.size();
    }
}
