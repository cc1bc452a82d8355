package org.refvlm.training;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Objects;
import org.refvlm.training.internal.Seeds;

/**
 * Mixes batch sources by weight, keeping the pure-function property: which source micro-batch
 * {@code i} comes from is drawn from (seed, i), and that source is asked for its own batch
 * {@code i} under a seed derived for it. No count of earlier draws is needed, so a resumed run
 * gets the same mixture from its position alone. Over many micro-batches each source supplies a
 * share proportional to its weight.
 *
 * @param <B> batch type common to all sources
 */
public final class WeightedMix<B> implements BatchSource<B> {

    /** One source and its weight (any positive number; weights are normalised). */
    public record Part<B>(String name, double weight, BatchSource<B> source) {
        public Part {
            Objects.requireNonNull(name);
            Objects.requireNonNull(source);
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("weight of '" + name + "' must be positive, got " + weight);
            }
        }
    }

    private static final long STREAM = 3;
    private final List<Part<B>> parts;
    private final double[] cumulative;

    public WeightedMix(List<Part<B>> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a mixture needs at least one source");
        }
        this.parts = List.copyOf(parts);
        double total = 0;
        for (Part<B> p : parts) {
            total += p.weight();
        }
        cumulative = new double[parts.size()];
        double acc = 0;
        for (int i = 0; i < parts.size(); i++) {
            acc += parts.get(i).weight() / total;
            cumulative[i] = acc;
        }
        cumulative[parts.size() - 1] = 1.0;
    }

    public List<Part<B>> parts() {
        return parts;
    }

    /** Index of the source micro-batch {@code index} is drawn from. */
    public int choose(long seed, long index) {
        double u = (Seeds.mix(seed, STREAM, index) >>> 11) * 0x1.0p-53;
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    @Override
    public B batch(long seed, long index, NDManager manager) {
        int k = choose(seed, index);
        // Each source gets its own seed so that two sources built alike do not draw alike.
        return parts.get(k).source().batch(Seeds.mix(seed, STREAM + 1 + k, 0), index, manager);
    }

    /** Counted by the first source: all parts produce the same batch type. */
    @Override
    public long examples(B batch) {
        return parts.get(0).source().examples(batch);
    }
}
