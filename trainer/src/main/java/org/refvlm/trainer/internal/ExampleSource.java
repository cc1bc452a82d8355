package org.refvlm.trainer.internal;

import org.refvlm.trainer.TrainingExample;

/** Training examples by position: example {@code i} is a pure function of {@code i} (and the source's settings). */
interface ExampleSource {

    TrainingExample example(long index);

    /** A short description for logs and the recipe fingerprint. */
    String describe();
}
