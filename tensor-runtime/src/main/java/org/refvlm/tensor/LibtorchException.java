package org.refvlm.tensor;

/** A libtorch folder that cannot serve this runtime: missing, unreadable, or the wrong build. */
public final class LibtorchException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public LibtorchException(String message) {
        super(message);
    }
}
