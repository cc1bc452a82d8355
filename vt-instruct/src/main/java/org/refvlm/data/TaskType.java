package org.refvlm.data;

import java.util.List;
import java.util.Locale;

/**
 * Every task type of the paper's Table I, split where the input prompt or the output unit differs (REG per
 * visual prompt kind, interactive grounding per output unit, class-prompted versus freeform open-vocabulary
 * identification), plus answers that mix units in one reply (the paper's composite units).
 *
 * <p>The hint's task name and elements follow the reference implementation's task commands where it has one
 * ({@code vqa}, {@code grounding_detection}, ...), so the chat template can be rebuilt the same way.
 */
public enum TaskType {
    CAPTION("caption", "Visual Understanding", "Caption", "caption", null, "vqa", List.of("sentence"), List.of()),
    VQA("vqa", "Visual Understanding", "VQA", "vqa", null, "vqa", List.of("sentence"), List.of()),
    REC("rec", "Referring Expression", "REC", "rec", null, "grounding_detection", List.of("phrase", "unit"), List.of(Unit.BOX)),
    RES("res", "Referring Expression", "RES", "res", null, "grounding_segmentation", List.of("phrase", "unit"), List.of(Unit.MASK)),
    REG_POINT("reg-point", "Referring Expression", "REG", "reg", PromptKind.POINT, "vqa", List.of("sentence"), List.of()),
    REG_BOX("reg-box", "Referring Expression", "REG", "reg", PromptKind.BOX, "vqa", List.of("sentence"), List.of()),
    REG_SCRIBBLE("reg-scribble", "Referring Expression", "REG", "reg", PromptKind.SCRIBBLE, "vqa", List.of("sentence"), List.of()),
    REG_MASK("reg-mask", "Referring Expression", "REG", "reg", PromptKind.MASK, "vqa", List.of("sentence"), List.of()),
    IG_BOX("ig-box", "Interactive Grounding", "IG-Box", "ig-box", null, "grounding_detection", List.of("phrase", "unit"), List.of(Unit.BOX)),
    IG_MASK("ig-mask", "Interactive Grounding", "IG-Mask", "ig-mask", null, "grounding_segmentation", List.of("phrase", "unit"), List.of(Unit.MASK)),
    IG_KEYPOINT("ig-keypoint", "Interactive Grounding", "IG-Keypoint", "ig-keypoint", null, "grounding_keypoints", List.of("phrase", "unit"), List.of(Unit.KEYPOINT)),
    GCG_BOX("gcg-box", "Grounded Conversation Generation", "GCG-box", "gcg-box", null, "gcg_detection", List.of("phrase", "sentence", "unit"), List.of(Unit.BOX)),
    GCG_MASK("gcg-mask", "Grounded Conversation Generation", "GCG-mask", "gcg-mask", null, "gcg_segmentation", List.of("phrase", "sentence", "unit"), List.of(Unit.MASK)),
    OVD("ovd", "Open-Vocabulary Identification", "OVD", "ovd", null, "grounding_detection", List.of("phrase", "unit"), List.of(Unit.BOX)),
    FOVD("fovd", "Open-Vocabulary Identification", "FOVD", "fovd", null, "detection", List.of("phrase", "unit"), List.of(Unit.BOX)),
    OVS("ovs", "Open-Vocabulary Identification", "OVS", "ovs", null, "grounding_segmentation", List.of("phrase", "unit"), List.of(Unit.MASK)),
    FOVS("fovs", "Open-Vocabulary Identification", "FOVS", "fovs", null, "segmentation", List.of("phrase", "unit"), List.of(Unit.MASK)),
    KEYPOINT_DETECTION("keypoint", "Keypoint Detection", "-", "keypoint", null, "keypoint_detection", List.of("phrase", "unit"), List.of(Unit.KEYPOINT)),
    DEPTH("depth", "Depth Estimation", "-", "depth", null, "depth", List.of("sentence", "phrase", "unit"), List.of(Unit.DEPTH)),
    MIXED_UNITS("mixed", "Composite units", "box, keypoint + mask", "mixed", null, "mixed_decoding", List.of("phrase", "sentence", "unit"), List.of(Unit.BOX, Unit.KEYPOINT, Unit.MASK));

    private final String id;
    private final String tableTask;
    private final String tableSubTask;
    private final String templateBank;
    private final PromptKind requiredPrompt;
    private final String hintTaskName;
    private final List<String> hintElements;
    private final List<Unit> units;

    TaskType(String id, String tableTask, String tableSubTask, String templateBank, PromptKind requiredPrompt,
             String hintTaskName, List<String> hintElements, List<Unit> units) {
        this.id = id;
        this.tableTask = tableTask;
        this.tableSubTask = tableSubTask;
        this.templateBank = templateBank;
        this.requiredPrompt = requiredPrompt;
        this.hintTaskName = hintTaskName;
        this.hintElements = hintElements;
        this.units = units;
    }

    /** Stable id used in JSON and on the command line. */
    public String id() {
        return id;
    }

    /** Row group of Table I. */
    public String tableTask() {
        return tableTask;
    }

    public String tableSubTask() {
        return tableSubTask;
    }

    /** Name of the prompt template bank resource. */
    public String templateBank() {
        return templateBank;
    }

    /** The visual prompt kind every turn must carry, or null when the task does not fix one. */
    public PromptKind requiredPrompt() {
        return requiredPrompt;
    }

    /** True for tasks whose user turns carry a visual prompt ({@code <region>}). */
    public boolean takesVisualPrompt() {
        return requiredPrompt != null || this == IG_BOX || this == IG_MASK || this == IG_KEYPOINT;
    }

    /** Units an answer of this task may use; empty means a text-only answer. */
    public List<Unit> units() {
        return units;
    }

    /** The task command used in the system hint. */
    public TaskHint hint() {
        return new TaskHint(hintTaskName, hintElements, units);
    }

    public static TaskType fromId(String id) {
        String w = id.trim().toLowerCase(Locale.ROOT);
        for (TaskType t : values()) {
            if (t.id.equals(w)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task type '" + id + "'");
    }
}
