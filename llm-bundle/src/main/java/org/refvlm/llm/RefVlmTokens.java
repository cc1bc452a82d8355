package org.refvlm.llm;

import java.util.List;

/** REF-VLM's special tokens and placeholders (reference notes section 1.1). */
public final class RefVlmTokens {
    public static final String TASK_START = "<Task>";
    public static final String TASK_END = "</Task>";
    public static final String UNIT_START = "<Unit>";
    public static final String UNIT_END = "</Unit>";
    public static final String VRT_START = "<v>";
    public static final String VRT_END = "</v>";
    public static final String PHRASE_START = "<Phrase>";
    public static final String PHRASE_END = "</Phrase>";
    public static final String VRT = "<VRT>";
    public static final String REF = "<REF>";

    /** Image slot in text; replaced by the projected image tokens. */
    public static final String IMAGE = "<image>";
    /** Visual-prompt slot in text; replaced by the prompt's tokens. */
    public static final String VISUAL_PROMPT = "[VPT]";
    /** Ids that mark the slots in a token sequence before embeddings are spliced in. */
    public static final long IMAGE_TOKEN_INDEX = -200;
    public static final long VISUAL_PROMPT_INDEX = -300;

    /** Added to the tokenizer in this order (so Vicuna ids are 32000..32009). */
    public static final List<String> ADDED_TOKENS = List.of(TASK_START, TASK_END, UNIT_START, UNIT_END, VRT_START,
            VRT_END, PHRASE_START, PHRASE_END, VRT, REF);

    private RefVlmTokens() {
    }
}
