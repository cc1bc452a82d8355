package org.refvlm.trainer.eval.tasks;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.refvlm.data.TaskType;
import org.refvlm.data.Unit;

/**
 * The evaluation tasks beyond REC and RES: which samples each reads, which unit a decoder must
 * handle for it to be measurable, and its scorer. REC and RES keep their own evaluator.
 */
public enum SuiteTask {
    CAPTION("caption", Set.of(TaskType.CAPTION), null),
    VQA("vqa", Set.of(TaskType.VQA), null),
    POPE("pope", Set.of(TaskType.VQA), null),
    REG("reg", Set.of(TaskType.REG_POINT, TaskType.REG_BOX, TaskType.REG_SCRIBBLE, TaskType.REG_MASK), null),
    IG("ig", Set.of(TaskType.IG_BOX, TaskType.IG_MASK), null),
    GCG("gcg", Set.of(TaskType.GCG_BOX, TaskType.GCG_MASK), null),
    OVD("ovd", Set.of(TaskType.OVD, TaskType.FOVD), Unit.BOX),
    OVS("ovs", Set.of(TaskType.OVS, TaskType.FOVS), Unit.MASK),
    KEYPOINT("keypoint", Set.of(TaskType.KEYPOINT_DETECTION), Unit.KEYPOINT),
    DEPTH("depth", Set.of(TaskType.DEPTH), Unit.DEPTH);

    private final String word;
    private final Set<TaskType> types;
    private final Unit requiredUnit;

    SuiteTask(String word, Set<TaskType> types, Unit requiredUnit) {
        this.word = word;
        this.types = types;
        this.requiredUnit = requiredUnit;
    }

    public String word() {
        return word;
    }

    /** The sample types the task reads. */
    public Set<TaskType> types() {
        return types;
    }

    /**
     * The unit without whose decoder the task cannot be measured at all (keypoints, depth), or null
     * when the task is measured whatever is installed (a missing box decoder then scores as missed boxes).
     */
    public Unit requiredUnit() {
        return requiredUnit;
    }

    /** Which turns of its samples the task asks: POPE only the object-existence questions. */
    public Predicate<TurnItem> asks() {
        return this == POPE ? PopeScorer::isPopeQuestion : t -> true;
    }

    public TaskScorer newScorer(OpenVocabularyScorer.Ids ids) {
        Supplier<TaskScorer> s = switch (this) {
            case CAPTION -> () -> new CaptionScorer(false);
            case VQA -> VqaScorer::new;
            case POPE -> PopeScorer::new;
            case REG -> () -> new CaptionScorer(true);
            case IG -> InteractiveGroundingScorer::new;
            case GCG -> GcgScorer::new;
            case OVD -> () -> new OpenVocabularyScorer(Unit.BOX, ids);
            case OVS -> () -> new OpenVocabularyScorer(Unit.MASK, ids);
            case KEYPOINT -> KeypointScorer::new;
            case DEPTH -> DepthScorer::new;
        };
        return s.get();
    }

    /** @return the task of that word, or null when the word names none of these */
    public static SuiteTask fromWord(String word) {
        String w = word.trim().toLowerCase(Locale.ROOT);
        for (SuiteTask t : values()) {
            if (t.word.equals(w)) {
                return t;
            }
        }
        return null;
    }
}
