/**
 * Where an evaluation's answers come from: the model asked now ({@link org.refvlm.trainer.eval.answers.LiveAnswers}),
 * or answers recorded shard by shard, possibly on other machines
 * ({@link org.refvlm.trainer.eval.answers.AnswerRecording}, {@link org.refvlm.trainer.eval.answers.RecordedAnswers}),
 * which the evaluators score exactly as they score live ones: {@code eval --shard K/N --answers-out FILE} and
 * {@code eval --answers-from DIR}, which the Spark job uses.
 */
@Export
@Version("0.1.0")
package org.refvlm.trainer.eval.answers;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
