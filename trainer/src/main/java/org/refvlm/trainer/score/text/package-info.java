/**
 * Scorers of generated text as the reference evaluators compute them: CIDEr-D and BLEU
 * (pycocoevalcap), METEOR 1.5 with exact and stem matching, the VQA challenge's accuracy and POPE's
 * yes/no metrics, with the PTB-style text preparation they expect.
 */
@Export
@Version("0.1.0")
package org.refvlm.trainer.score.text;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
