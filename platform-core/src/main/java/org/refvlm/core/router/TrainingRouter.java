package org.refvlm.core.router;

import ai.djl.ndarray.NDArray;
import org.refvlm.tensor.Scalars;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.DecoderInfo;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.VisualUnitDecoder;

/**
 * The router in training: for a batch of samples, each decoder gets the {@code <REF>} states of
 * every group written in its unit, padded per sample to its query length, with the group's
 * targets for grouped matching. A decoder with nothing in the batch still runs on an all-padding
 * input and its loss enters with {@code emptyWeight} (0 by default), so every decoder's
 * parameters stay in the autograd graph of every step.
 */
public final class TrainingRouter {

    private final DecoderRegistry registry;
    private final double emptyWeight;

    public TrainingRouter(DecoderRegistry registry, double emptyWeight) {
        this.registry = registry;
        this.emptyWeight = emptyWeight;
    }

    /**
     * One training sample's groups, with the targets of each group in the same order.
     *
     * @param states [T, D] last-layer states of the sample's sequence (teacher forcing)
     * @param positions for each group, the positions in {@code states} of its {@code <REF>} tokens
     */
    public record Sample(List<ReferringGroup> groups, List<List<DecodedUnit>> targets, NDArray states,
            List<int[]> positions, ImageFrame frame) {

        public Sample {
            groups = List.copyOf(groups);
            targets = List.copyOf(targets);
            positions = List.copyOf(positions);
            if (groups.size() != targets.size() || groups.size() != positions.size()) {
                throw new IllegalArgumentException("a sample needs targets and REF positions for each of its "
                        + groups.size() + " groups");
            }
        }
    }

    /** A decoder's loss on the batch, and whether the batch had anything for it. */
    public record DecoderLoss(String decoder, NDArray loss, boolean hadTargets) {
    }

    /**
     * @param features batched feature maps, each {@code [B, ...]}
     * @return the weighted loss of every active decoder
     */
    public List<DecoderLoss> losses(List<Sample> batch, Map<String, NDArray> features, NDManager manager) {
        List<DecoderLoss> out = new ArrayList<>();
        Map<Long, List<String>> unitsByDecoder = new LinkedHashMap<>();
        Map<Long, DecoderInfo> infos = new LinkedHashMap<>();
        for (String unit : registry.units()) {
            registry.active(unit).ifPresent(info -> {
                unitsByDecoder.computeIfAbsent(info.serviceId(), k -> new ArrayList<>()).add(unit);
                infos.put(info.serviceId(), info);
            });
        }
        for (Map.Entry<Long, List<String>> e : unitsByDecoder.entrySet()) {
            VisualUnitDecoder decoder = registry.resolve(e.getValue().get(0));
            out.add(lossOf(infos.get(e.getKey()).decoder(), decoder, e.getValue(), batch, features, manager));
        }
        return out;
    }

    private DecoderLoss lossOf(String name, VisualUnitDecoder decoder, List<String> units, List<Sample> batch,
            Map<String, NDArray> features, NDManager manager) {
        DecoderSpec spec = decoder.spec();
        int length = spec.maxQueries(), width = spec.queryWidth(), b = batch.size();
        List<NDArray> rows = new ArrayList<>();                  // per sample [L, D]
        boolean[] valid = new boolean[b * length];               // [B, L]
        List<TargetGroup> targets = new ArrayList<>();
        for (int s = 0; s < b; s++) {
            Sample sample = batch.get(s);
            List<NDArray> picked = new ArrayList<>();
            for (int g = 0; g < sample.groups().size(); g++) {
                if (sample.groups().get(g).units().stream().noneMatch(units::contains)) {
                    continue;
                }
                int[] pos = sample.positions().get(g);
                int[] slots = new int[pos.length];
                for (int k = 0; k < pos.length; k++) {
                    if (picked.size() == length) {
                        throw new IllegalArgumentException("sample " + s + " has more than " + length
                                + " references for decoder '" + name + "'");
                    }
                    slots[k] = picked.size();
                    valid[s * length + picked.size()] = true;
                    picked.add(sample.states().get(pos[k]));
                }
                targets.add(new TargetGroup(s, slots, sample.targets().get(g)));
            }
            NDArray row = picked.isEmpty() ? manager.zeros(new Shape(length, width))
                    : NDArrays.stack(new NDList(picked)).concat(manager.zeros(new Shape(length - picked.size(), width)), 0);
            rows.add(row);
        }
        NDArray queries = NDArrays.stack(new NDList(rows));     // [B, L, D], in the states' autograd graph
        Map<String, NDArray> inputs = new LinkedHashMap<>();
        for (String level : spec.featureLevels()) {
            NDArray f = features.get(level);
            if (f == null) {
                throw new IllegalArgumentException("decoder '" + name + "' needs feature map '" + level + "'");
            }
            inputs.put(level, f);
        }
        List<ImageFrame> frames = batch.stream().map(Sample::frame).toList();
        DecoderInput input = new DecoderInput(queries, manager.create(valid, new Shape(b, length)), inputs, frames);
        NDArray loss = decoder.loss(input, targets);
        boolean had = !targets.isEmpty();
        return new DecoderLoss(name, had ? loss : Scalars.mul(loss, emptyWeight), had);
    }
}
