package org.refvlm.api;

import java.util.List;

/**
 * The platform's answer: the generated TRP text, every referred object in order of appearance,
 * and the problems found in the answer (malformed TRP, missing decoders), each a sentence.
 */
public record Response(String text, List<ReferredObject> objects, List<String> problems) {

    public Response {
        objects = List.copyOf(objects);
        problems = List.copyOf(problems);
    }
}
