package org.refvlm.spark.eval;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Keeps everything a command prints and hands each finished line to a listener as it comes, so a long
 * command's progress reaches the log while it runs, not when it ends.
 */
final class LineTap extends OutputStream {

    private final ByteArrayOutputStream all = new ByteArrayOutputStream();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Consumer<String> listener;

    LineTap(Consumer<String> listener) {
        this.listener = listener;
    }

    @Override
    public synchronized void write(int b) {
        all.write(b);
        if (b == '\n') {
            listener.accept(line.toString(StandardCharsets.UTF_8));
            line.reset();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    /** Everything printed so far. */
    synchronized String text() {
        return all.toString(StandardCharsets.UTF_8);
    }
}
