package org.refvlm.core.internal.router;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refvlm.api.ActiveDecoder;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.DecoderRegistry;
import org.refvlm.api.NoDecoderException;
import org.refvlm.api.ReferredObject;
import org.refvlm.spi.DecoderImage;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.spi.support.QueryPadding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes referring groups to decoders by the unit the model wrote (the model is the router): a
 * composite unit goes to each of its decoders; each decoder gets its share padded to its query
 * length with a validity mask. Whatever goes wrong for one unit (no decoder installed, the
 * decoder failed or left mid-request, too many references) spoils the references of that unit
 * only, each with a message, and never the rest of the answer.
 */
public final class LatentRouter {

    private static final Logger LOG = LoggerFactory.getLogger(LatentRouter.class);

    private final DecoderRegistry registry;

    public LatentRouter(DecoderRegistry registry) {
        this.registry = registry;
    }

    /** One reference decoded as one unit: where its answer goes. */
    private record Slot(ReferringGroup group, CapturedReference ref, String unit) {
    }

    /**
     * Decodes every reference of {@code groups} for one image.
     *
     * @param features the image's feature maps by name, each with a batch dimension of 1
     * @param image    the request's picture, for decoders that read it
     * @param squares  its padded squares on [0, 1] by side, as the encoders read them (each
     *                 {@code [1, 3, side, side]}), for decoders that read the picture at one of those sides
     * @return one object per (reference, unit), in answer order
     */
    public List<ReferredObject> decode(List<ReferringGroup> groups, Map<String, NDArray> features, DecoderImage image,
            Map<Integer, NDArray> squares, NDManager manager) {
        Map<Long, List<Slot>> byDecoder = new LinkedHashMap<>();
        Map<Long, VisualUnitDecoder> decoders = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        Map<Slot, ReferredObject> results = new HashMap<>();
        List<Slot> order = new ArrayList<>();
        for (ReferringGroup g : groups) {
            for (CapturedReference r : g.references()) {
                for (String unit : g.units()) {
                    Slot slot = new Slot(g, r, unit);
                    order.add(slot);
                    try {
                        // One call: the decoder and its description cannot disagree when decoders
                        // come, go or are pinned while the request runs.
                        ActiveDecoder active = registry.resolveActive(unit);
                        long id = active.info().serviceId();
                        decoders.put(id, active.decoder());
                        names.put(id, active.info().decoder());
                        byDecoder.computeIfAbsent(id, k -> new ArrayList<>()).add(slot);
                    } catch (NoDecoderException e) {
                        results.put(slot, failed(slot, e.getMessage()));
                    }
                }
            }
        }
        byDecoder.forEach((id, slots) -> results.putAll(
                decodeWith(names.get(id), decoders.get(id), slots, features, image, squares, manager)));
        return order.stream().map(results::get).toList();
    }

    private static ReferredObject failed(Slot s, String why) {
        return ReferredObject.failed(s.group().phrase(), s.unit(), s.ref().reference().index(), why);
    }

    /** One decoder's share: pad, decode, map back; any failure spoils exactly these slots. */
    private Map<Slot, ReferredObject> decodeWith(String name, VisualUnitDecoder decoder, List<Slot> slots,
            Map<String, NDArray> features, DecoderImage image, Map<Integer, NDArray> squares, NDManager manager) {
        Map<Slot, ReferredObject> out = new HashMap<>();
        try {
            DecoderSpec spec = decoder.spec();
            int length = spec.maxQueries(), width = spec.queryWidth();
            List<Slot> taken = new ArrayList<>();
            for (Slot s : slots) {
                NDArray e = s.ref().embedding();
                if (e == null) {
                    out.put(s, failed(s, "no hidden state was captured for this reference"));
                } else if (e.getShape().get(0) != width) {
                    out.put(s, failed(s, "decoder '" + name + "' takes " + width + "-wide embeddings, the model gives "
                            + e.getShape().get(0)));
                } else if (taken.size() == length) {
                    out.put(s, failed(s, "decoder '" + name + "' takes at most " + length + " references per image"));
                } else {
                    taken.add(s);
                }
            }
            if (taken.isEmpty()) {
                return out;
            }
            Map<String, NDArray> inputs = new HashMap<>();
            for (String level : spec.featureLevels()) {
                NDArray f = features.get(level);
                if (f == null) {
                    throw new IllegalStateException("the image has no feature map '" + level + "' (it has "
                            + features.keySet().stream().sorted().toList() + ")");
                }
                inputs.put(level, f);
            }
            List<NDArray> embeddings = new ArrayList<>(taken.size());
            for (Slot s : taken) {
                embeddings.add(s.ref().embedding());                                    // [D], on the device
            }
            QueryPadding.Padded padded = QueryPadding.pad(List.of(embeddings), length, width, manager); // [1, L, D]
            boolean pictures = spec.needsImage();
            DecoderInput input = new DecoderInput(padded.queries(), padded.mask(), inputs, List.of(image.frame()),
                    pictures ? List.of(image) : List.of(), pictures ? squares : Map.of());
            List<DecodedUnit> decoded = decoder.decode(input).get(0);
            if (decoded.size() != taken.size()) {
                throw new IllegalStateException("it returned " + decoded.size() + " results for " + taken.size() + " references");
            }
            for (int i = 0; i < taken.size(); i++) {
                Slot s = taken.get(i);
                out.put(s, new ReferredObject(s.group().phrase(), s.unit(), s.ref().reference().index(), decoded.get(i), null));
            }
        } catch (RuntimeException e) {
            LOG.warn("decoder '{}' failed; its {} reference(s) get no result", name, slots.size(), e);
            for (Slot s : slots) {
                out.putIfAbsent(s, failed(s, "decoder '" + name + "' failed: " + e.getMessage()));
            }
        }
        return out;
    }
}
