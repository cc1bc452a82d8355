package org.refvlm.training.internal;

/**
 * Moments during a checkpoint write at which a test may simulate the process dying. Production
 * code passes {@link FaultInjector#NONE}.
 */
public enum CrashPoint {
    /** One file of the checkpoint is written in the temporary folder (others may not be). */
    FILE_WRITTEN,
    /** Every file is written and fsynced, the folder is not yet renamed into place. */
    BEFORE_RENAME,
    /** The new checkpoint is in place; older ones are not yet pruned. */
    AFTER_RENAME,
    /** An old checkpoint has been moved aside and is half deleted. */
    DURING_PRUNE
}
