package org.refvlm.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;

/**
 * Child process of {@link RealKillTest}: trains (resuming whatever is on disk) with a checkpoint
 * after every step and an 8 MB ballast parameter, so most of its time is spent writing
 * checkpoints, until the parent kills it with SIGKILL.
 */
public final class KillTarget {
    private KillTarget() {
    }

    static TrainingConfig config(Path out) {
        return new TrainingConfig(100_000, 0.01, 2, 0.001, 0.01, 0.9, 0.999, 1e-8, 1.0, 1, 11, 1, out);
    }

    public static void main(String[] args) throws Exception {
        try (TinyMlp mlp = withBallast(new TinyMlp(0))) {
            new Trainer<>(config(Path.of(args[0])), mlp.params, mlp.fullBatches(8), mb -> loss(mlp, mb)).run(true);
        }
    }

    static TinyMlp withBallast(TinyMlp mlp) {
        NDArray ballast = mlp.manager.ones(new Shape(1024, 2048)).mul(0.01f);
        ballast.setRequiresGradient(true);
        mlp.params.put("ballast.weight", ballast);
        return mlp;
    }

    static NDArray loss(TinyMlp mlp, MicroBatch<TinyMlp.Batch> mb) {
        return mlp.loss(mb).add(mlp.params.get("ballast.weight").square().mean().mul(1e-3f));
    }
}
