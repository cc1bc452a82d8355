package org.refvlm.it.decoderkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.DecodedUnit;
import org.refvlm.spi.DecoderInput;
import org.refvlm.spi.DecoderSpec;
import org.refvlm.spi.ImageFrame;
import org.refvlm.spi.TargetGroup;
import org.refvlm.spi.VisualUnitDecoder;

/**
 * The smallest decoder that really decodes, for platform tests: a linear map of each query to
 * (cx, cy, w, h) through a sigmoid, with an L1 loss in query order. Two test bundles embed it
 * with different seeds, so their answers differ and a test can tell which one served.
 */
public class ProjectionBoxDecoder implements VisualUnitDecoder {

    private final DecoderSpec spec;
    private final NDArray weight; // [D, 4]

    public ProjectionBoxDecoder(NDManager manager, int queryWidth, long seed) {
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

    private NDArray predict(NDArray queries) { // [B, L, D] -> [B, L, 4]
        return Activation.sigmoid(queries.matMul(weight));
    }

    @Override
    public List<List<DecodedUnit>> decode(DecoderInput input) {
        float[] boxes = predict(input.queries()).toFloatArray();
        boolean[] valid = input.queryMask().toBooleanArray();
        int length = (int) input.queries().getShape().get(1);
        List<List<DecodedUnit>> out = new ArrayList<>();
        for (int b = 0; b < input.batchSize(); b++) {
            ImageFrame frame = input.frames().get(b);
            List<DecodedUnit> sample = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                if (valid[b * length + i]) {
                    int o = (b * length + i) * 4;
                    double cx = boxes[o], cy = boxes[o + 1], w = boxes[o + 2], h = boxes[o + 3];
                    sample.add(new BoxUnit(frame.toPixels(cx - w / 2), frame.toPixels(cy - h / 2),
                            frame.toPixels(cx + w / 2), frame.toPixels(cy + h / 2), 1.0));
                }
            }
            out.add(sample);
        }
        return out;
    }

    /** L1 between each group's queries, in order, and its targets' normalised (cx, cy, w, h). */
    @Override
    public NDArray loss(DecoderInput input, List<TargetGroup> targets) {
        NDArray predicted = predict(input.queries());
        NDArray total = predicted.getManager().zeros(new Shape());
        for (TargetGroup g : targets) {
            ImageFrame frame = input.frames().get(g.batchIndex());
            int[] q = g.queries();
            for (int k = 0; k < q.length && k < g.targets().size(); k++) {
                BoxUnit t = (BoxUnit) g.targets().get(k);
                double s = frame.side();
                NDArray target = predicted.getManager().create(new float[] {
                    (float) ((t.x0() + t.x1()) / 2 / s), (float) ((t.y0() + t.y1()) / 2 / s),
                    (float) ((t.x1() - t.x0()) / s), (float) ((t.y1() - t.y0()) / s)});
                total = total.add(predicted.get(new NDIndex(g.batchIndex() + "," + q[k])).sub(target).abs().sum());
            }
        }
        return total;
    }

    @Override
    public Map<String, NDArray> parameters() {
        return Map.of("projection.weight", weight);
    }

    @Override
    public void save(Path file) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write(new NDList(weight).encode());
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            NDList list = NDList.decode(weight.getManager(), in.readAllBytes());
            if (list.size() != 1 || !list.get(0).getShape().equals(weight.getShape())) {
                throw new IOException(file + ": expected one tensor projection.weight of shape " + weight.getShape());
            }
            weight.set(list.get(0).toFloatArray());
        }
    }
}
