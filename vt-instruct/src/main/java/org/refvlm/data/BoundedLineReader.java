package org.refvlm.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines like {@link java.io.BufferedReader#readLine()} but never holds more than a fixed number of
 * characters: a longer line is skipped to its end and reported as too long. This keeps the reader's memory
 * bounded even on a file that is not JSON Lines at all.
 */
final class BoundedLineReader implements Closeable {
    /** Returned by {@link #readLine()} in place of a line longer than the limit. */
    static final String TOO_LONG = new String("\u0000too long");

    private final Reader in;
    private final int maxChars;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    private final StringBuilder line = new StringBuilder();

    BoundedLineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line without its terminator, {@link #TOO_LONG}, or null at the end of input. */
    String readLine() throws IOException {
        line.setLength(0);
        boolean overflow = false;
        boolean any = false;
        while (true) {
            if (pos == len) {
                len = in.read(buf, 0, buf.length);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int start = pos;
            while (pos < len && buf[pos] != '\n') {
                pos++;
            }
            if (!overflow) {
                if (line.length() + (pos - start) > maxChars) {
                    overflow = true;
                    line.setLength(0);
                } else {
                    line.append(buf, start, pos - start);
                }
            }
            if (pos < len) {
                pos++; // the '\n'
                break;
            }
        }
        if (overflow) {
            return TOO_LONG;
        }
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
            line.setLength(n - 1);
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
