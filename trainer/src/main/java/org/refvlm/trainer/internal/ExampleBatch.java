package org.refvlm.trainer.internal;

import java.util.List;
import org.refvlm.core.pipeline.ImageInputs;
import org.refvlm.core.pipeline.Preprocessing;
import org.refvlm.spi.PaddedSquares;
import org.refvlm.trainer.TrainingExample;

/**
 * A micro-batch of examples with their pictures already padded to squares on the host: that part
 * of a picture's preparation is plain Java, so it is done by the thread that makes the batch (one
 * ahead, beside the step), and the step only copies and resizes.
 *
 * @param examples the examples, in batch order
 * @param pictures their pictures' padded squares, in the same order
 */
record ExampleBatch(List<TrainingExample> examples, PaddedSquares pictures) {

    static ExampleBatch of(List<TrainingExample> examples, Preprocessing preprocessing) {
        return new ExampleBatch(List.copyOf(examples),
                ImageInputs.squares(examples.stream().map(TrainingExample::image).toList(), preprocessing));
    }

    int size() {
        return examples.size();
    }
}
