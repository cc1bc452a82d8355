package org.refvlm.trainer.eval;

/** Why a sample of the evaluated task was not scored; the words used in the report's counts. */
public final class SkipReason {

    public static final String VISUAL_PROMPTS = "has visual prompts";
    public static final String NO_TURN = "has no turn";
    public static final String MALFORMED_TARGET = "target is malformed";
    public static final String IMAGE_UNREADABLE = "image cannot be read";
    public static final String IMAGE_SIZE = "image size differs from the record";
    public static final String GENERATION_FAILED = "generation failed";

    private SkipReason() {
    }

    /** For a sample whose first phrase group does not point at a target of the unit. */
    public static String noTarget(EvalTask task) {
        return "no " + task.unit().word() + " target";
    }
}
