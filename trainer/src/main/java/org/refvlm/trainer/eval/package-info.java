/**
 * Evaluation of the platform on VT-Instruct data: REC accuracy at IoU 0.5, RES cIoU and mIoU, and
 * the rate of answers that are well-formed TRP, following the reference implementation's metrics;
 * the command line of {@code eval} for every task (the other tasks are in
 * {@link org.refvlm.trainer.eval.tasks}).
 * The metric accumulators and the report writer are plain Java; {@link org.refvlm.trainer.eval.Evaluator}
 * runs a {@link org.refvlm.api.RefVlm} over an {@link org.refvlm.trainer.eval.EvalDataset}.
 */
@Export
@Version("0.2.0")
package org.refvlm.trainer.eval;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
