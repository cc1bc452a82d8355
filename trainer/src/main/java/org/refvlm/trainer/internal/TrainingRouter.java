package org.refvlm.trainer.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.api.DecodedUnit;
import org.refvlm.nn.Scalars;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.TrainableDecoder;
import org.refvlm.spi.support.QueryPadding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router in training: for a batch of samples, each decoder of the run gets the {@code <REF>}
 * states of every group written in its unit, padded per sample to its query length (the same
 * {@link QueryPadding} the inference router uses), with the group's targets for grouped matching.
 * A decoder with nothing in the batch still runs on an all-padding input and its loss enters with
 * {@code emptyWeight} (0 by default), so every decoder's parameters stay in the autograd graph of
 * every step.
 */
final class TrainingRouter {

    /**
     * One phrase group of a training sample.
     *
     * @param units     the unit word(s) the group declares (a composite unit goes to each decoder)
     * @param positions where its {@code <REF>} tokens' states are in the sample's sequence
     * @param targets   the ground truth, one per reference
     */
    record RoutedGroup(List<String> units, int[] positions, List<DecodedUnit> targets) {
        RoutedGroup {
            units = List.copyOf(units);
            positions = positions.clone();
            targets = List.copyOf(targets);
        }
    }

    /**
     * One training sample.
     *
     * @param states [T, D] last-layer states of the sample's sequence (teacher forcing)
     * @param image  the sample's picture
     */
    record Sample(List<RoutedGroup> groups, NDArray states, DecoderImage image) {
        Sample {
            groups = List.copyOf(groups);
        }
    }

    /** A decoder's loss on the batch, and whether the batch had anything for it. */
    record DecoderLoss(String decoder, NDArray loss, boolean hadTargets) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRouter.class);

    private final TrainedDecoders decoders;
    private final double emptyWeight;
    private long truncatedSamples;
    private long droppedReferences;

    TrainingRouter(TrainedDecoders decoders, double emptyWeight) {
        this.decoders = decoders;
        this.emptyWeight = emptyWeight;
    }

    /** Samples so far that had more references for a decoder than its query length. */
    long truncatedSamples() {
        return truncatedSamples;
    }

    /** References left out of the loss so far because their sample was too crowded. */
    long droppedReferences() {
        return droppedReferences;
    }

    /**
     * @param features batched feature maps, each {@code [B, ...]}
     * @param squares  by side, the batch's padded squares on [0, 1] already on the device
     *                 ({@link DecoderInput#squares()}), for the decoders that read the pictures; may be empty
     * @return the weighted loss of every decoder of the run, in the order they were added
     */
    List<DecoderLoss> losses(List<Sample> batch, Map<String, NDArray> features, Map<Integer, NDArray> squares,
            NDManager manager) {
        List<DecoderLoss> out = new ArrayList<>();
        for (TrainedDecoders.Entry e : decoders.entries()) {
            out.add(lossOf(e.kind(), e.decoder(), e.unit(), batch, features, squares, manager));
        }
        return out;
    }

    private DecoderLoss lossOf(String name, TrainableDecoder decoder, String unit, List<Sample> batch,
            Map<String, NDArray> features, Map<Integer, NDArray> squares, NDManager manager) {
        DecoderSpec spec = decoder.spec();
        List<List<NDArray>> rows = new ArrayList<>();            // per sample, its REF states in slot order
        List<TargetGroup> targets = new ArrayList<>();
        for (int s = 0; s < batch.size(); s++) {
            Sample sample = batch.get(s);
            List<NDArray> picked = new ArrayList<>();
            int dropped = 0;
            for (RoutedGroup g : sample.groups()) {
                if (!g.units().contains(unit)) {
                    continue;
                }
                // A crowded sample keeps its first references in text order and loses the rest,
                // as the reference implementation's router does (the first L of each sample):
                // one sample must not end the run.
                int kept = Math.min(g.positions().length, spec.maxQueries() - picked.size());
                dropped += g.positions().length - kept;
                if (kept == 0) {
                    continue;
                }
                int[] slots = new int[kept];
                for (int k = 0; k < kept; k++) {
                    slots[k] = picked.size();
                    picked.add(sample.states().get(g.positions()[k]));                // [D], in the graph
                }
                targets.add(new TargetGroup(s, slots, g.targets().subList(0, kept)));
            }
            if (dropped > 0) {
                truncatedSamples++;
                droppedReferences += dropped;
                LOG.warn("sample {} of the batch has {} references for decoder '{}', which takes at most {}: the last {} "
                        + "are left out of its loss ({} sample(s) and {} reference(s) truncated so far in this run)",
                        s, picked.size() + dropped, name, spec.maxQueries(), dropped, truncatedSamples, droppedReferences);
            }
            rows.add(picked);
        }
        QueryPadding.Padded padded = QueryPadding.pad(rows, spec.maxQueries(), spec.queryWidth(), manager); // [B, L, D]
        Map<String, NDArray> inputs = new LinkedHashMap<>();
        for (String level : spec.featureLevels()) {
            NDArray f = features.get(level);
            if (f == null) {
                throw new IllegalArgumentException("decoder '" + name + "' needs feature map '" + level + "'");
            }
            inputs.put(level, f);
        }
        List<ImageFrame> frames = batch.stream().map(s -> s.image().frame()).toList();
        boolean pictures = spec.needsImage();
        List<DecoderImage> images = pictures ? batch.stream().map(Sample::image).toList() : List.of();
        NDArray loss = decoder.loss(new DecoderInput(padded.queries(), padded.mask(), inputs, frames, images,
                pictures ? squares : Map.of()), targets);
        boolean had = !targets.isEmpty();
        return new DecoderLoss(name, had ? loss : Scalars.mul(loss, emptyWeight), had);
    }
}
