package org.refvlm.trp.internal;

/** Something the parser has opened and not yet closed: the document, a phrase or a group. */
abstract class Frame {

    /** Offset of the opening markup (0 for the document). */
    final int start;

    Frame(int start) {
        this.start = start;
    }
}
