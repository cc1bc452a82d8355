package org.refvlm.data;

import java.util.List;

/** Placeholder strings of user text and templates. */
public final class Placeholders {
    /** Where the image goes; only in the first user turn of a sample. */
    public static final String IMAGE = "<image>";
    /** One visual prompt (point, box, scribble or mask); stays in stored user text, the model turns it into tokens. */
    public static final String REGION = "<region>";
    /** A referring expression; filled when a template is used. */
    public static final String EXPR = "<expr>";
    /** A class name; filled when a template is used. */
    public static final String CLS = "<cls>";
    /** A question; filled when a template is used. */
    public static final String QUESTION = "<question>";
    /** A list of class names (second object set in mixed-unit prompts); filled when a template is used. */
    public static final String OBJS = "<objs>";

    public static final List<String> ALL = List.of(IMAGE, REGION, EXPR, CLS, QUESTION, OBJS);
    /** Placeholders that remain in stored user text; all others must have been filled. */
    public static final List<String> STORED = List.of(IMAGE, REGION);

    private Placeholders() {
    }

    public static int occurrences(String text, String placeholder) {
        int n = 0;
        for (int i = text.indexOf(placeholder); i >= 0; i = text.indexOf(placeholder, i + placeholder.length())) {
            n++;
        }
        return n;
    }
}
