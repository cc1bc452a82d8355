package org.refvlm.core.matching.internal;

import java.io.IOException;

/** The file is not a well-formed safetensors file; the message says what is wrong. */
public final class MalformedSafetensorsException extends IOException {

    private static final long serialVersionUID = 1L;

    public MalformedSafetensorsException(String message) {
        super(message);
    }

    public MalformedSafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
