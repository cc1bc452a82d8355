package org.refvlm.spark.convert;

import java.util.List;
import java.util.function.IntFunction;

/**
 * A samples file {@code data convert} writes ({@code coco-instances.jsonl}, {@code refcoco+.jsonl}, ...)
 * as a convert job plans it on the driver: its name without extension (also the report's source), how
 * many units the driver found in the input's index (images, refs, sentence files, questions), and the
 * conversion of each of at most P consecutive parts of those units, in order.
 */
record SamplesFile(String stem, long units, IntFunction<List<PartConversion>> parts) {
}
