package org.refvlm.trp.internal;

import java.util.ArrayList;
import java.util.List;
import org.refvlm.trp.Phrase;
import org.refvlm.trp.TrpNode;

/** An open group {@code (...)}. */
final class GroupFrame extends Frame {

    final List<TrpNode> members = new ArrayList<>();
    /** True at the start and after a comma: the next thing should be a member. */
    boolean expectingMember = true;

    /** The phrase the outermost enclosing group grounds, or null. */
    final Phrase grounded;
    final int groundedOrdinal;

    GroupFrame(int start, Phrase grounded, int groundedOrdinal) {
        super(start);
        this.grounded = grounded;
        this.groundedOrdinal = groundedOrdinal;
    }
}
