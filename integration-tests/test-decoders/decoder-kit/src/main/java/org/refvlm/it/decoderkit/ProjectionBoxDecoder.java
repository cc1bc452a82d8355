package org.refvlm.it.decoderkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.List;
import java.util.Random;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.VisualUnitDecoder;
import org.refvlm.spi.support.InFlightCalls;

/**
 * The smallest decoder that really decodes, for platform tests: a fixed random linear map of each
 * query to (cx, cy, w, h) through a sigmoid. Inference only: what SPI 0.2 asks of a decoder that
 * does not train is {@link #spec} and {@link #decode}. Two test bundles embed it with different
 * seeds, so their answers differ and a test can tell which one served. It owns the manager it is
 * given: {@link #close} frees it once the decodes in flight have returned ({@link InFlightCalls}), as
 * a component's deactivation must, since withdrawing a service does not wait for its callers.
 */
public class ProjectionBoxDecoder implements VisualUnitDecoder {

    private final DecoderSpec spec;
    private final NDManager manager;
    private final NDArray weight; // [D, 4]
    private final InFlightCalls calls = new InFlightCalls("decoder " + getClass().getSimpleName());

    public ProjectionBoxDecoder(NDManager manager, int queryWidth, long seed) {
        this.manager = manager;
        this.spec = new DecoderSpec(queryWidth, 16, List.of());
        Random random = new Random(seed);
        float[] w = new float[queryWidth * 4];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * 0.5);
        }
        this.weight = manager.create(w, new Shape(queryWidth, 4));
    }

    @Override
    public DecoderSpec spec() {
        return spec;
    }

    @Override
    public List<List<DecodedUnit>> decode(DecoderInput input) {
        return calls.call(() -> boxes(input));
    }

    private List<List<DecodedUnit>> boxes(DecoderInput input) {
        float[] boxes = Activation.sigmoid(input.queries().matMul(weight)).toFloatArray(); // [B * L * 4]
        int length = input.queryLength();
        return input.realQueries().decodeEach((b, slot) -> {
            ImageFrame frame = input.frames().get(b);
            int o = (b * length + slot) * 4;
            double cx = boxes[o], cy = boxes[o + 1], w = boxes[o + 2], h = boxes[o + 3];
            // not clipped to the image: these tests read the raw map
            return new BoxUnit(frame.toPixels(cx - w / 2), frame.toPixels(cy - h / 2),
                    frame.toPixels(cx + w / 2), frame.toPixels(cy + h / 2), 1.0);
        });
    }

    /** Frees the weights once no decode is running; decodes after this fail. */
    public void close() {
        calls.close(manager::close);
    }
}
