package org.refvlm.trainer.internal;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.refvlm.core.pipeline.Preprocessing;
import org.refvlm.trainer.TrainingExample;
import org.refvlm.training.BatchSource;

/**
 * Micro-batches of one example source: micro-batch {@code i} holds examples
 * {@code i*B .. i*B+B-1}, so a batch depends on nothing but its index; their pictures come
 * padded to squares ({@link ExampleBatch}).
 */
final class ExampleBatches implements BatchSource<ExampleBatch> {

    private final ExampleSource source;
    private final int batchSize;
    private final Preprocessing preprocessing;

    /** @param preprocessing how the run's model places its pictures in their squares */
    ExampleBatches(ExampleSource source, int batchSize, Preprocessing preprocessing) {
        this.source = source;
        this.batchSize = batchSize;
        this.preprocessing = preprocessing;
    }

    @Override
    public ExampleBatch batch(long seed, long index, NDManager manager) {
        List<TrainingExample> out = new ArrayList<>(batchSize);
        for (int k = 0; k < batchSize; k++) {
            out.add(source.example(index * batchSize + k));
        }
        return ExampleBatch.of(out, preprocessing);
    }

    @Override
    public long examples(ExampleBatch batch) {
        return batch.size();
    }
}
