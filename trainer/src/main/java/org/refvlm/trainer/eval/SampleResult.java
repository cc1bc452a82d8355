package org.refvlm.trainer.eval;

import java.util.Objects;

/**
 * How one sample went.
 *
 * @param answer     the generated text
 * @param expected   the reference answer of the data
 * @param predicted  the first box (REC) or mask (RES) of the answer, null when it had none
 * @param target     what it is scored against
 * @param iou        box IoU (REC) or mask IoU (RES); 0 without a prediction
 * @param correct    whether {@code iou >= 0.5}
 * @param trpProblem null when the answer is well-formed TRP, else the strict parser's first problem
 * @param objects    referred objects in the answer, of any unit
 * @param seconds    generation and decoding time
 * @param note       what else went wrong with the prediction (a mask of the wrong size), or null
 */
public record SampleResult(String id, String prompt, String answer, String expected, Region predicted, Region target,
        double iou, boolean correct, String trpProblem, int objects, double seconds, String note) {

    public SampleResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
    }

    public boolean wellFormed() {
        return trpProblem == null;
    }
}
