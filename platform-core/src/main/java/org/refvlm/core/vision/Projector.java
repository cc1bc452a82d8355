package org.refvlm.core.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The two-layer MLP that maps vision tokens into the language model's embedding space:
 * Linear(visionDim -> textDim), GELU, Linear(textDim -> textDim). Image tokens and visual-prompt
 * tokens share it (paper section IV-A). Weight names follow the reference's
 * {@code nn.Sequential}: {@code model.0.*} and {@code model.2.*}.
 */
public final class Projector {

    public static final String W1 = "model.0.weight", B1 = "model.0.bias", W2 = "model.2.weight", B2 = "model.2.bias";

    private final int visionDim;
    private final int textDim;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();

    /** A projector with PyTorch's default Linear initialisation, seeded. */
    public Projector(NDManager manager, int visionDim, int textDim, long seed) {
        this.visionDim = visionDim;
        this.textDim = textDim;
        Random random = new Random(seed);
        parameters.put(W1, uniform(manager, random, new Shape(textDim, visionDim), visionDim));
        parameters.put(B1, uniform(manager, random, new Shape(textDim), visionDim));
        parameters.put(W2, uniform(manager, random, new Shape(textDim, textDim), textDim));
        parameters.put(B2, uniform(manager, random, new Shape(textDim), textDim));
    }

    /** U(-1/sqrt(fanIn), 1/sqrt(fanIn)), as torch.nn.Linear initialises weight and bias. */
    private static NDArray uniform(NDManager manager, Random random, Shape shape, int fanIn) {
        float bound = (float) (1 / Math.sqrt(fanIn));
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (random.nextFloat() * 2 - 1) * bound;
        }
        return manager.create(v, shape);
    }

    /**
     * A projector read from its safetensors file ({@code model.0.*}, {@code model.2.*}), its sizes
     * taken from the weights, on {@code manager}; every name and shape is checked.
     */
    public static Projector read(java.nio.file.Path file, NDManager manager) throws java.io.IOException {
        Map<String, NDArray> weights = new java.util.HashMap<>();
        try (org.refvlm.tensor.safetensors.SafetensorsFile f = org.refvlm.tensor.safetensors.SafetensorsFile.open(file)) {
            for (String name : f.names()) {
                weights.put(name, f.load(name, manager, ai.djl.ndarray.types.DataType.FLOAT32));
            }
        }
        NDArray w1 = weights.get(W1);
        if (w1 == null) {
            throw new java.io.IOException(file + " has no " + W1);
        }
        Projector p = new Projector(manager, (int) w1.getShape().get(1), (int) w1.getShape().get(0), 0);
        p.load(weights);
        return p;
    }

    /** Width of the language model embeddings it maps to. */
    public int textDim() {
        return textDim;
    }

    /** [..., visionDim] -> [..., textDim] */
    public NDArray forward(NDArray tokens) {
        long last = tokens.getShape().get(tokens.getShape().dimension() - 1);
        if (last != visionDim) {
            throw new IllegalArgumentException("projector expects " + visionDim + "-wide tokens, got " + tokens.getShape());
        }
        NDArray hidden = Activation.gelu(linear(tokens, parameters.get(W1), parameters.get(B1)));
        return linear(hidden, parameters.get(W2), parameters.get(B2));
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return x.matMul(weight.transpose()).add(bias);
    }

    /** Parameters by name, in a fixed order; the trainer attaches gradients to these. */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /**
     * Replaces every parameter with the tensor of the same name, checking all names and shapes
     * first and reporting every problem at once.
     */
    public void load(Map<String, NDArray> weights) {
        StringBuilder problems = new StringBuilder();
        for (Map.Entry<String, NDArray> p : parameters.entrySet()) {
            NDArray w = weights.get(p.getKey());
            if (w == null) {
                problems.append("\n  missing ").append(p.getKey()).append(' ').append(p.getValue().getShape());
            } else if (!w.getShape().equals(p.getValue().getShape())) {
                problems.append("\n  ").append(p.getKey()).append(" has shape ").append(w.getShape())
                        .append(", expected ").append(p.getValue().getShape());
            }
        }
        for (String name : weights.keySet()) {
            if (!parameters.containsKey(name)) {
                problems.append("\n  unexpected ").append(name);
            }
        }
        if (problems.length() > 0) {
            throw new IllegalArgumentException("projector weights do not fit:" + problems);
        }
        parameters.replaceAll((name, old) -> weights.get(name).duplicate());
    }
}
