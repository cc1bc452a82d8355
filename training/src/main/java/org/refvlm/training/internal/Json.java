package org.refvlm.training.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one shared Jackson mapper. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
